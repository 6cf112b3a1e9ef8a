/**
 * The scratch memory is replaced, never grown: growing would detach its old ArrayBuffer, and the first detached
 * ArrayBuffer makes V8 slow every typed-array loop in the process from then on (see scratch.ts).
 */
import { describe, expect, it } from 'vitest';
import { hasWasmKernels } from '../../../core/kernels/kernels';
import { scratch } from '../../../core/kernels/scratch';

describe.runIf(hasWasmKernels)('the scratch memory', () => {
  it('leaves the old buffer attached when a larger one is needed, and the new one works', () => {
    const before = scratch(16)!.heap.buffer;
    const floats = before.byteLength / 4 + 100_000;
    const s = scratch(floats)!;
    expect(before.byteLength).toBeGreaterThan(0); // a detached buffer reports 0
    expect(s.heap.length).toBeGreaterThanOrEqual(floats);
    expect(s.heap.buffer).not.toBe(before);
    // The kernels run over the new memory: a float32 product through `binary`.
    s.heap.set([1.5, 2, 3, 4], 8);
    s.heap.set([2, 2, 2, 2], 12);
    s.k.binary(2, 32, 0, 1, 48, 0, 1, 64, 1, 4, 96);
    expect(Array.from(s.heap.subarray(16, 20))).toEqual([3, 4, 6, 8]);
  });
});
