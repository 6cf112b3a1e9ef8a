/** The inspector's check of a hand-written gradient: wrong entries as allclose sees them, sums, observations. */
import { describe, expect, it } from 'vitest';
import { loadNames } from '../../../cli/load-names';
import { DEFAULT_CONFIG } from '../../../core/mlp/config';
import { runLecture } from '../../../core/mlp/run';
import { downsample } from '../../../src-renderer/inspector/downsample';
import {
  matrixSums,
  sumsObservations,
  wrongCells,
  wrongEntries,
  wrongText,
} from '../../../src-renderer/inspector/grad-check';
import { asMatrix } from '../../../src-renderer/inspector/slice';

describe('wrong entries', () => {
  it("are the ones torch.allclose's elementwise test fails, NaN included", () => {
    // |m − g| ≤ 1e-8 + 1e-5·|g|: 1e-5 off 2 is within 2e-5; 0.1 off 3.1 is not; 1e-9 off 0 is within 1e-8.
    const w = wrongEntries([1, 2, 3, 1e-9, NaN, 5], [1, 2.00001, 3.1, 0, 1, 5.0001]);
    expect(Array.from(w.mask)).toEqual([0, 0, 1, 0, 1, 1]);
    expect(w.count).toBe(3);
    expect(wrongText(w)).toBe('3 of 6 entries wrong');
    expect(wrongText({ count: 37, total: 864 })).toBe('37 of 864 entries wrong');
    expect(wrongText({ count: 0, total: 27 })).toBe('all 27 entries right');
    expect(() => wrongEntries([1], [1, 2])).toThrow('1 manual entries against 2');
  });

  it("agree with the run's cmp: no wrong entry exactly where cmp says approx", () => {
    const dump = runLecture({ ...DEFAULT_CONFIG, variant: 'fused' }, loadNames());
    const all = [...Object.entries(dump.params), ...Object.entries(dump.tensors)].filter(([, t]) => t.manual_grad);
    expect(all.length).toBeGreaterThan(10);
    for (const [name, t] of all) expect(wrongEntries(t.manual_grad!, t.grad!).count === 0, name).toBe(t.approx);
    // A factor of 2 leaves only the zeros right.
    const { W1 } = dump.params;
    const zeros = W1.grad!.filter((g) => g === 0).length;
    expect(
      wrongEntries(
        W1.grad!.map((g) => 2 * g),
        W1.grad!,
      ).count,
    ).toBe(W1.grad!.length - zeros);
  });

  it('put the boundary at 1e-8 + 1e-5·|autograd|', () => {
    expect(wrongEntries([1 + 1.0e-5], [1], false).count).toBe(0);
    expect(wrongEntries([1 + 1.002e-5], [1], false).count).toBe(1);
    expect(wrongEntries([0.99e-8], [0], false).count).toBe(0);
    expect(wrongEntries([1.01e-8], [0], false).count).toBe(1);
  });

  it('mark the heatmap cells that hold one, through the downsampling and the slice', () => {
    const m = asMatrix([4, 4]);
    const mask = new Uint8Array(16);
    mask[3 * 4 + 0] = 1; // row 3, col 0
    mask[0 * 4 + 1] = 1; // row 0, col 1
    const grid = downsample(new Float64Array(16), m, 2, 2);
    const { cells, count } = wrongCells(mask, m, grid);
    expect(Array.from(cells)).toEqual([1, 0, 1, 0]);
    expect(count).toBe(2);
    // A 2×3×2 tensor cut at dim 1 = 2: rows are dim 0, columns dim 2.
    const m3 = asMatrix([2, 3, 2], 1, 2);
    const mask3 = new Uint8Array(12);
    mask3[1 * 6 + 2 * 2 + 1] = 1; // [1, 2, 1]
    mask3[0 * 6 + 0 * 2 + 0] = 1; // [0, 0, 0]: another slice
    expect(Array.from(wrongCells(mask3, m3, downsample(new Float64Array(12), m3, 9, 9)).cells)).toEqual([0, 0, 0, 1]);
  });
});

describe('row and column sums', () => {
  it('sum over the columns for each row and over the rows for each column, of the matrix shown', () => {
    const s = matrixSums([1, 2, 3, 4, 5, -6], asMatrix([2, 3]));
    expect(Array.from(s.rows.sum)).toEqual([6, 3]);
    expect(Array.from(s.cols.sum)).toEqual([5, 7, -3]);
    expect(Array.from(s.rows.abs)).toEqual([6, 15]);
    // 2×2×2 at dim 0 = 1: the second 2×2 block.
    const s3 = matrixSums([0, 0, 0, 0, 1, 2, 3, 4], asMatrix([2, 2, 2], 0, 1));
    expect(Array.from(s3.rows.sum)).toEqual([3, 7]);
    expect(Array.from(s3.cols.sum)).toEqual([4, 6]);
  });
});

describe('observations', () => {
  const dump = runLecture(DEFAULT_CONFIG, loadNames());
  const { logits, logit_maxes, hprebn } = dump.tensors;

  it("each row of dlogits sums to 0, as the lecture says, and a learner's right dlogits too", () => {
    expect(sumsObservations('dlogits', logits.manual_grad!, logits.grad!, asMatrix(logits.shape))).toEqual([
      "each row of dlogits sums to 0 (autograd's, to float32 rounding), and so do yours",
      "your column sums match autograd's in every column",
    ]);
  });

  it('names the first row that does not, and the column sums that differ', () => {
    const mine = [...logits.grad!];
    mine[3 * 27 + 5] += 0.25;
    const said = sumsObservations('dlogits', mine, logits.grad!, asMatrix(logits.shape));
    expect(said[0]).toBe(
      "each row of dlogits sums to 0 (autograd's, to float32 rounding), but 1 of your 32 rows does not: row 3 sums to 0.25",
    );
    expect(said[1]).toMatch(/^your column sums differ from autograd's in 1 of 27 columns \(column 5: /);
  });

  it('each column of dhprebn sums to 0: the batch mean was subtracted', () => {
    const doubled = hprebn.grad!.map((g) => 2 * g);
    expect(sumsObservations('dhprebn', doubled, hprebn.grad!, asMatrix(hprebn.shape))).toEqual([
      expect.stringMatching(/^your row sums differ from autograd's in 32 of 32 rows/),
      "each column of dhprebn sums to 0 (autograd's, to float32 rounding), and so do yours",
    ]);
  });

  it('dlogit_maxes is ≈0 everywhere', () => {
    const [said] = sumsObservations('dlogit_maxes', logit_maxes.manual_grad!, logit_maxes.grad!, asMatrix([32, 1]));
    expect(said).toMatch(/^every entry of dlogit_maxes is ≈0 \(autograd's largest is 5\.\d+e-9\): yours are too$/);
    const big = logit_maxes.grad!.map((_, i) => (i === 7 ? 0.5 : 0));
    expect(sumsObservations('dlogit_maxes', big, logit_maxes.grad!, asMatrix([32, 1]))[0]).toMatch(
      /yours are not, up to 0\.5$/,
    );
  });

  it('speaks of a vector as one sum', () => {
    expect(sumsObservations('db', [1, -1, 0.5], [1, -1, 0.25], asMatrix([3]))).toEqual([
      "your sum is 0.5, autograd's 0.25",
    ]);
    expect(sumsObservations('db', [2, -2], [1, -1], asMatrix([2]))).toEqual([
      "db sums to 0 (autograd's, to float32 rounding), and so does yours",
    ]);
    expect(sumsObservations('db', [2, -1], [1, -1], asMatrix([2]))).toEqual([
      "db sums to 0 (autograd's, to float32 rounding), but yours sums to 1",
    ]);
    expect(sumsObservations('db', [3, 4], [3, 4], asMatrix([2]))).toEqual(["your sum matches autograd's"]);
  });
});
