/**
 * One shared scratch memory for kernels called on ordinary typed arrays (the op-by-op engine's matmul,
 * tanhInPlace): operands are copied in and results out, and the memory grows as needed. The training step
 * does not use it; it keeps its buffers in a Heap of its own.
 */
import { hasWasmKernels, kernelsFor, type Kernels } from './kernels';

const PAGE = 65536;
const memory = new WebAssembly.Memory({ initial: 1 });
const kernels: Kernels | null = hasWasmKernels ? kernelsFor(memory) : null;
// Made again only when the memory grows (which detaches the old view): elementwise ops ask for it on every call.
let heap = new Float32Array(memory.buffer);
let heap64 = new Float64Array(memory.buffer);

/**
 * The kernels and float32 and float64 views of at least `floats` float32s (offset 16 bytes onwards is free), or
 * null.
 */
export function scratch(floats: number): { k: Kernels; heap: Float32Array; heap64: Float64Array } | null {
  if (!kernels) return null;
  const bytes = floats * 4 + 64;
  if (memory.buffer.byteLength < bytes) {
    memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
    heap = new Float32Array(memory.buffer);
    heap64 = new Float64Array(memory.buffer);
  }
  return { k: kernels, heap, heap64 };
}
