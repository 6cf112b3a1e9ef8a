/**
 * tanh over a float32 array in WebAssembly SIMD (see tanh.wat): the training step's 6,400 tanh a step
 * cost more than its matmuls in JavaScript. Falls back to fastTanh where WebAssembly SIMD is missing.
 */
import { fastTanh } from './fast-tanh';
import { instantiateKernel } from './wasm-module';
import { WASM_BASE64 } from './tanh-wasm';

interface TanhExports {
  memory: WebAssembly.Memory;
  tanh(ptr: number, len: number): void;
}

const kernel = instantiateKernel<TanhExports>(WASM_BASE64);

/** data[i] = tanh(data[i]) in place. */
export function tanhInPlace(data: Float32Array): void {
  if (!kernel) {
    for (let i = 0; i < data.length; i++) data[i] = fastTanh(data[i]);
    return;
  }
  const bytes = data.length * 4;
  if (kernel.memory.buffer.byteLength < bytes) kernel.memory.grow(Math.ceil((bytes - kernel.memory.buffer.byteLength) / 65536));
  const heap = new Float32Array(kernel.memory.buffer, 0, data.length);
  heap.set(data);
  kernel.tanh(0, data.length);
  data.set(heap);
}
