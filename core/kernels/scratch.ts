/**
 * One shared scratch memory for kernels called on ordinary typed arrays (the op-by-op engine's matmul,
 * tanhInPlace, the elementwise ops): operands are copied in and results out, and the memory is replaced by a
 * larger one as needed. The training step does not use it; it keeps its buffers in a Heap of its own.
 *
 * Never `memory.grow()`: growing detaches the memory's old ArrayBuffer, and the first detached ArrayBuffer in a
 * process makes V8 check every typed-array access for detachment from then on (its detaching protector): every
 * JavaScript loop over tensor data ran ~60% slower for the rest of the run (a square of [32, 200]: 16 → 26 µs).
 * A new memory, with the kernels instantiated over it, leaves the old buffer to the collector instead.
 */
import { hasWasmKernels, kernelsFor, type Kernels } from './kernels';

const PAGE = 65536;
let memory = new WebAssembly.Memory({ initial: 1 });
let kernels: Kernels | null = hasWasmKernels ? kernelsFor(memory) : null;
// Made again only with a new memory: elementwise ops ask for them on every call.
let heap = new Float32Array(memory.buffer);
let heap64 = new Float64Array(memory.buffer);

/**
 * The kernels and float32 and float64 views of at least `floats` float32s (offset 16 bytes onwards is free), or
 * null. The kernels and views of an earlier call do not see this call's memory: take them from each call.
 */
export function scratch(floats: number): { k: Kernels; heap: Float32Array; heap64: Float64Array } | null {
  if (!kernels) return null;
  const bytes = floats * 4 + 64;
  if (memory.buffer.byteLength < bytes) {
    // At least double, so that a run of growing requests instantiates the kernels a few times only.
    const pages = Math.max(Math.ceil(bytes / PAGE), (2 * memory.buffer.byteLength) / PAGE);
    memory = new WebAssembly.Memory({ initial: pages });
    kernels = kernelsFor(memory);
    heap = new Float32Array(memory.buffer);
    heap64 = new Float64Array(memory.buffer);
  }
  return { k: kernels, heap, heap64 };
}
