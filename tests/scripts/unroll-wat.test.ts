/**
 * scripts/unroll-wat.mjs: a marked loop, unrolled, computes what it computed one group at a time (values and the
 * order of what it lists through a shared counter), and the unroller refuses bodies it cannot interleave.
 */
import { describe, expect, it } from 'vitest';
import wabtInit from 'wabt';
import { unrollWat } from '../../scripts/unroll-wat.mjs';

// y = x·x + 1 on i32 lanes, in place; groups with a negative lane are listed at `flags`.
const kernel = (marker: string, listing: string) => `(module
  (import "env" "memory" (memory 1))
  (func (export "k") (param $ptr i32) (param $len i32) (param $flags i32) (result i32)
    (local $end i32) (local $count i32)
    (local $x v128) (local $y v128)
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $len) (i32.const 2))))
    (block $done (loop $group
      (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
      ${marker}
      (local.set $x (v128.load (local.get $ptr)))
      ;; a comment (with parentheses) between statements
      (local.set $y (i32x4.add (i32x4.mul (local.get $x) (local.get $x)) (v128.const i32x4 1 1 1 1)))
      (v128.store (local.get $ptr) (local.get $y))
      ${listing}
      (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
      (br $group)))
    (local.get $count)))`;

const LISTING = `(block
        (i32.store (i32.add (local.get $flags) (i32.shl (local.get $count) (i32.const 2))) (local.get $ptr))
        (local.set $count (i32.add (local.get $count) (v128.any_true (i32x4.lt_s (local.get $x) (v128.const i32x4 0 0 0 0))))))`;

async function run(source: string, input: Int32Array): Promise<{ out: number[]; listed: number[] }> {
  const wabt = await wabtInit();
  const mod = wabt.parseWat('k.wat', source, { simd: true });
  mod.validate();
  const memory = new WebAssembly.Memory({ initial: 1 });
  const instance = await WebAssembly.instantiate(new WebAssembly.Module(new Uint8Array(mod.toBinary({}).buffer)), {
    env: { memory },
  });
  const heap = new Int32Array(memory.buffer);
  heap.set(input, 4);
  const flags = 16 + input.length * 4;
  const n = (instance.exports.k as (p: number, l: number, f: number) => number)(16, input.length, flags);
  return { out: [...heap.subarray(4, 4 + input.length)], listed: [...heap.subarray(flags / 4, flags / 4 + n)] };
}

describe('unrollWat', () => {
  it('leaves a source without the marker as it is', () => {
    const source = kernel('', LISTING);
    expect(unrollWat(source)).toBe(source);
  });

  it('interleaves four copies that compute and list what the loop did one group at a time', async () => {
    const input = Int32Array.from({ length: 64 }, (_, i) => ((i * 7919) % 23) - (i % 9 === 0 ? 40 : 0));
    const once = await run(kernel('', LISTING), input);
    const unrolled = unrollWat(kernel(';; unroll 4 groups of 16 bytes at $ptr, sharing $count', LISTING));
    expect(unrolled).toContain('(local $x_3 v128)');
    expect(unrolled).toContain('(i32.const 64)');
    expect(once.listed.length).toBeGreaterThan(1);
    expect(await run(unrolled, input)).toEqual(once);
  });

  it('refuses two statements that touch a shared local (their copies would interleave out of order)', () => {
    const split = `(i32.store (i32.add (local.get $flags) (i32.shl (local.get $count) (i32.const 2))) (local.get $ptr))
      (local.set $count (i32.add (local.get $count) (i32.const 1)))`;
    expect(() => unrollWat(kernel(';; unroll 4 groups of 16 bytes at $ptr, sharing $count', split))).toThrow(
      /2 statements touch a shared local/,
    );
  });
});
