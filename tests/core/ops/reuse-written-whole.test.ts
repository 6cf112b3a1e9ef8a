/**
 * Ops whose results are written whole take a reused array without zeroing it (allocFloat's `zeroed` false): each
 * must still write every element. A released array full of NaN is put in the pool before each op; the result
 * must equal the one made in fresh memory.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type BridgeHooks, createBridge } from '../../../core/notebook/bridge';
import { Tracker } from '../../../core/notebook/tracker';
import { setGradEnabled } from '../../../core/ops/op';
import { drainPool } from '../../../core/tensor/reuse';

afterEach(() => {
  drainPool();
  setGradEnabled(true);
});

const hooks = { onCheck: () => 'exact', onFirstBackward: () => {} } as unknown as BridgeHooks;

/** [op name, x's shape, the arguments after x ('row', 'col', 'x': tensors), the result's length]. */
const CASES: [string, number[], unknown[], number][] = [
  ['mul', [32, 200], ['x'], 6400],
  ['mul', [32, 200], ['row'], 6400],
  ['sub', [32, 200], ['col'], 6400],
  ['rmul_s', [32, 200], [0.5], 6400],
  ['rsub_s', [32, 200], [1], 6400],
  ['div_s', [32, 200], [3], 6400],
  ['sum', [8, 800], [0, false], 800],
  ['sum', [800, 8], [1, false], 800],
  ['mean', [8, 800], [0, true], 800],
  ['var', [8, 800], [0, true, true], 800],
  ['transpose', [32, 200], [], 6400],
  ['permute', [32, 200], [[1, 0]], 6400],
  ['tanh', [32, 200], [], 6400],
  ['neg', [32, 200], [], 6400],
];

describe('a reused array left unzeroed is written whole', () => {
  for (const [op, shape, rest, length] of CASES) {
    it(`${op} of [${shape}] (${rest.join(', ')})`, () => {
      const bridge = createBridge(new Tracker(), hooks);
      setGradEnabled(false);
      const values = Float32Array.from({ length: 6400 }, (_, i) => Math.sin(i) * 3);
      const make = (n: number, shape: number[]) =>
        bridge.fromBytes(new Uint8Array(values.slice(0, n).buffer), shape, 'float32');
      const x = make(6400, shape);
      const row = make(200, [1, 200]);
      const col = make(32, [32, 1]);
      const args = rest.map((a) => (a === 'x' ? x : a === 'row' ? row : a === 'col' ? col : a));
      const run = () => {
        const h = bridge.op(op, -1, 0, x, ...args);
        return bridge.tensorOf(h < 0 ? -1 - h : h)!.data;
      };
      const fresh = Array.from(run());
      drainPool();
      // Two, as var's mean takes one first.
      const garbage = [bridge.full([length], NaN, 'float32'), bridge.full([length], NaN, 'float32')];
      const arrays = garbage.map((g) => bridge.tensorOf(g)!.data);
      bridge.releaseAll(garbage);
      const again = run();
      expect(arrays).toContain(again); // the op did take an unzeroed array
      expect(Array.from(again)).toEqual(fresh);
    });
  }
});
