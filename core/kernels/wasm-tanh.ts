/**
 * tanh over a float32 array in WebAssembly SIMD (see tanh.wat), through the scratch memory. Falls back to
 * fastTanh where WebAssembly SIMD is missing. The training step runs the same kernel on its own heap.
 */
import { fastTanh } from './fast-tanh';
import { scratch } from './scratch';

/** data[i] = tanh(data[i]) in place. */
export function tanhInPlace(data: Float32Array): void {
  const s = scratch(data.length + 8);
  if (!s) {
    for (let i = 0; i < data.length; i++) data[i] = fastTanh(data[i]);
    return;
  }
  s.heap.set(data, 4);
  s.k.tanh(16, data.length);
  data.set(s.heap.subarray(4, 4 + data.length));
}
