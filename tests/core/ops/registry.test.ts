/**
 * The op registry's contract: every op has every reading (forward, numeric backward, symbolic rule, forward
 * text, grad_fn name, Python binding), its numeric backward passes a float64 gradcheck, and its symbolic rule,
 * evaluated as Python on random inputs of several shapes (broadcasts included: expand is an op like any
 * other), equals its numeric backward. A new op without a case here fails the first test.
 */
import { describe, expect, it } from 'vitest';
import { gradcheck } from '../../../core/autograd/gradcheck';
import type { GraphNode } from '../../../core/graph/types';
import { pythonSurface } from '../../../core/notebook/bridge';
import * as ops from '../../../core/ops';
import { matmulNd } from '../../../core/ops/matmul';
import { allOps, opSpec, withListener, type Attrs } from '../../../core/ops/op';
import { gradName, name } from '../../../core/ops/symbolic/expr';
import { gradThrough } from '../../../core/backprop/op-rules';
import { tensor, type Tensor } from '../../../core/tensor/tensor';
import { Arr, evaluate } from '../backprop/python-eval';

/** Deterministic float64 values in (lo, hi), a different stream per salt. */
function rnd(shape: number[], lo = -1, hi = 1, salt = 0): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = Array.from({ length: n }, (_, i) => {
    const r = (((Math.sin((i + 1) * 12.9898 + salt * 78.233) * 43758.5453) % 1) + 1) % 1;
    return lo + r * (hi - lo);
  });
  return tensor(shape, v, 'float64');
}
const pos = (shape: number[], salt = 0) => rnd(shape, 0.3, 2, salt);
const ix = (shape: number[], values: number[]) => tensor(shape, values, 'int64');

interface Case {
  label: string;
  inputs: () => Tensor[];
  run: (xs: Tensor[]) => Tensor;
}
const c = (label: string, inputs: () => Tensor[], run: (xs: Tensor[]) => Tensor): Case => ({ label, inputs, run });

/** Per op, inputs and a call; each case must reach the op (checked). */
const CASES: Record<string, Case[]> = {
  add: [
    c(
      '3×4 + 3×4',
      () => [rnd([3, 4]), rnd([3, 4], -1, 1, 1)],
      ([a, b]) => ops.add(a, b),
    ),
    c(
      '3×1 + 4 (broadcast)',
      () => [rnd([3, 1]), rnd([4], -1, 1, 1)],
      ([a, b]) => ops.add(a, b),
    ),
  ],
  sub: [
    c(
      '2×3 − 3',
      () => [rnd([2, 3]), rnd([3], -1, 1, 2)],
      ([a, b]) => ops.sub(a, b),
    ),
  ],
  mul: [
    c(
      '4×1 · 1×5',
      () => [rnd([4, 1]), rnd([1, 5], -1, 1, 3)],
      ([a, b]) => ops.mul(a, b),
    ),
    c(
      '0-d · 2×3',
      () => [rnd([]), rnd([2, 3], -1, 1, 3)],
      ([a, b]) => ops.mul(a, b),
    ),
  ],
  div: [
    c(
      '2×3 / 2×1',
      () => [rnd([2, 3]), pos([2, 1], 4)],
      ([a, b]) => ops.div(a, b),
    ),
  ],
  neg: [
    c(
      '3×2',
      () => [rnd([3, 2])],
      ([a]) => ops.neg(a),
    ),
  ],
  add_scalar: [
    c(
      'x + 2.5',
      () => [rnd([2, 3])],
      ([a]) => ops.add(a, 2.5),
    ),
    c(
      '1.5 + x',
      () => [rnd([4])],
      ([a]) => ops.add(1.5, a),
    ),
  ],
  sub_scalar: [
    c(
      'x − 0.5',
      () => [rnd([2, 3])],
      ([a]) => ops.sub(a, 0.5),
    ),
  ],
  rsub_scalar: [
    c(
      '2 − x',
      () => [rnd([2, 3])],
      ([a]) => ops.sub(2, a),
    ),
  ],
  mul_scalar: [
    c(
      'x · −1.5',
      () => [rnd([3, 2])],
      ([a]) => ops.mul(a, -1.5),
    ),
  ],
  div_scalar: [
    c(
      'x / 4',
      () => [rnd([3, 2])],
      ([a]) => ops.div(a, 4),
    ),
  ],
  rdiv_scalar: [
    c(
      '1 / x',
      () => [pos([3, 2])],
      ([a]) => ops.div(1, a),
    ),
  ],
  pow: [2, 3, -1, -0.5, 0.5, 1.7].map((e) =>
    c(
      `x ** ${e}`,
      () => [pos([2, 3])],
      ([a]) => ops.pow(a, e),
    ),
  ),
  rpow_scalar: [
    c(
      '10 ** x',
      () => [rnd([2, 3])],
      ([a]) => ops.rpowScalar(a, 10),
    ),
  ],
  exp: [
    c(
      '3×2',
      () => [rnd([3, 2])],
      ([a]) => ops.exp(a),
    ),
  ],
  log: [
    c(
      '3×2',
      () => [pos([3, 2])],
      ([a]) => ops.log(a),
    ),
  ],
  log10: [
    c(
      '3×2',
      () => [pos([3, 2])],
      ([a]) => ops.log10(a),
    ),
  ],
  tanh: [
    c(
      '3×2',
      () => [rnd([3, 2], -2, 2)],
      ([a]) => ops.tanh(a),
    ),
  ],
  sigmoid: [
    c(
      '3×2',
      () => [rnd([3, 2], -3, 3)],
      ([a]) => ops.sigmoid(a),
    ),
  ],
  sqrt: [
    c(
      '3×2',
      () => [pos([3, 2])],
      ([a]) => ops.sqrt(a),
    ),
  ],
  abs: [
    c(
      '3×2',
      () => [rnd([3, 2])],
      ([a]) => ops.abs(a),
    ),
  ],
  sum: [
    c(
      'all',
      () => [rnd([3, 4])],
      ([a]) => ops.sum(a),
    ),
    c(
      'dim 1 keepdim',
      () => [rnd([3, 4])],
      ([a]) => ops.sum(a, 1, true),
    ),
    c(
      'dim 0 of 2×3×4',
      () => [rnd([2, 3, 4])],
      ([a]) => ops.sum(a, 0),
    ),
  ],
  mean: [
    c(
      'all',
      () => [rnd([3, 4])],
      ([a]) => ops.mean(a),
    ),
    c(
      'dim 0 keepdim',
      () => [rnd([3, 4])],
      ([a]) => ops.mean(a, 0, true),
    ),
    c(
      'dim 2 of 2×3×4',
      () => [rnd([2, 3, 4])],
      ([a]) => ops.mean(a, 2),
    ),
  ],
  max: [
    c(
      'dim 1',
      () => [rnd([3, 5])],
      ([a]) => ops.max(a, 1).values,
    ),
    c(
      'dim 0 keepdim',
      () => [rnd([3, 5])],
      ([a]) => ops.max(a, 0, true).values,
    ),
  ],
  min: [
    c(
      'dim 1 keepdim',
      () => [rnd([3, 5])],
      ([a]) => ops.min(a, 1, true).values,
    ),
    c(
      'dim 0',
      () => [rnd([3, 5])],
      ([a]) => ops.min(a, 0).values,
    ),
  ],
  amax: [
    c(
      'all',
      () => [rnd([3, 4])],
      ([a]) => ops.amax(a),
    ),
    c(
      'dims (0, 2) keepdim',
      () => [rnd([2, 3, 4])],
      ([a]) => ops.amax(a, [0, 2], true),
    ),
    c(
      'dim 1, tied',
      () => [tensor([2, 3], [1, 5, 5, 2, 2, 0], 'float64')],
      ([a]) => ops.amax(a, [1]),
    ),
  ],
  amin: [
    c(
      'dims (2, 0)',
      () => [rnd([2, 3, 4])],
      ([a]) => ops.amin(a, [2, 0]),
    ),
    c(
      'all, tied',
      () => [tensor([2, 2], [1, 5, 1, 1], 'float64')],
      ([a]) => ops.amin(a),
    ),
  ],
  var: [
    c(
      'dim 0 keepdim',
      () => [rnd([5, 3])],
      ([a]) => ops.variance(a, 0, true),
    ),
    c(
      'dim 1 biased',
      () => [rnd([3, 5])],
      ([a]) => ops.variance(a, 1, false, false),
    ),
  ],
  view: [
    c(
      '3×4 → 6×2',
      () => [rnd([3, 4])],
      ([a]) => ops.view(a, [6, -1]),
    ),
  ],
  permute: [
    c(
      '2×3×4 → (2, 0, 1)',
      () => [rnd([2, 3, 4])],
      ([a]) => ops.permute(a, [2, 0, 1]),
    ),
    c(
      '2×3 → (1, 0)',
      () => [rnd([2, 3])],
      ([a]) => ops.permute(a, [1, 0]),
    ),
  ],
  transpose: [
    c(
      '3×4',
      () => [rnd([3, 4])],
      ([a]) => ops.transpose(a),
    ),
  ],
  clone: [
    c(
      '3×4',
      () => [rnd([3, 4])],
      ([a]) => ops.clone(a),
    ),
  ],
  to_copy: [
    c(
      '3×4 float64 to float64',
      () => [rnd([3, 4])],
      ([a]) => ops.toCopy(a, 'float64'),
    ),
  ],
  matmul: [
    c(
      '3×4 @ 4×2',
      () => [rnd([3, 4]), rnd([4, 2], -1, 1, 5)],
      ([a, b]) => ops.matmul(a, b),
    ),
    c(
      '2×3×4 @ 4×5',
      () => [rnd([2, 3, 4]), rnd([4, 5], -1, 1, 5)],
      ([a, b]) => matmulNd(a, b),
    ),
  ],
  bmm: [
    c(
      '2×3×4 @ 2×4×5',
      () => [rnd([2, 3, 4]), rnd([2, 4, 5], -1, 1, 5)],
      ([a, b]) => ops.bmm(a, b),
    ),
    c(
      '2×1×3×4 @ 3×4×2 (batch dims broadcast, through matmulNd)',
      () => [rnd([2, 1, 3, 4]), rnd([3, 4, 2], -1, 1, 5)],
      ([a, b]) => matmulNd(a, b),
    ),
  ],
  embedding: [
    c(
      '5×3 table, 2×4 indices',
      () => [rnd([5, 3]), ix([2, 4], [1, 1, 0, 4, 2, 1, 3, 0])],
      ([t, i]) => ops.embedding(t, i),
    ),
  ],
  pick: [
    c(
      '4×5, one per row',
      () => [rnd([4, 5]), ix([4], [2, 0, 4, 2])],
      ([x, i]) => ops.pick(x, i),
    ),
  ],
  index_add: [
    c(
      '5×3, 4 rows added',
      () => [rnd([5, 3]), ix([4], [1, 3, 1, 0]), rnd([4, 3], -1, 1, 6)],
      ([x, i, s]) => ops.indexAdd(x, 0, i, s),
    ),
  ],
  softmax: [
    c(
      '3×5',
      () => [rnd([3, 5], -2, 2)],
      ([a]) => ops.softmax(a, 1),
    ),
    c(
      '2×3×4, dim 1',
      () => [rnd([2, 3, 4], -2, 2)],
      ([a]) => ops.softmax(a, 1),
    ),
  ],
  log_softmax: [
    c(
      '3×5',
      () => [rnd([3, 5], -2, 2)],
      ([a]) => ops.logSoftmax(a, 1),
    ),
    c(
      '2×3×4, dim -1',
      () => [rnd([2, 3, 4], -2, 2)],
      ([a]) => ops.logSoftmax(a, -1),
    ),
  ],
  cross_entropy: [
    c(
      '4×5',
      () => [rnd([4, 5], -2, 2), ix([4], [1, 0, 4, 1])],
      ([a, y]) => ops.crossEntropy(a, y),
    ),
  ],
  slice: [
    c(
      '[1:3, 2]',
      () => [rnd([4, 5])],
      ([a]) =>
        ops.slice(a, [
          { start: 1, step: 1, length: 2, drop: false },
          { start: 2, step: 1, length: 1, drop: true },
        ]),
    ),
    c(
      '[::2, 1:]',
      () => [rnd([4, 5])],
      ([a]) =>
        ops.slice(a, [
          { start: 0, step: 2, length: 2, drop: false },
          { start: 1, step: 1, length: 4, drop: false },
        ]),
    ),
  ],
  index: [
    c(
      '5×3 rows by a 2×2 index',
      () => [rnd([5, 3]), ix([2, 2], [4, 0, 4, 2])],
      ([x, i]) => ops.indexRows(x, i),
    ),
  ],
  index_nd: [
    c(
      '[:, i, j] with i 2×1, j 3 (broadcast)',
      () => [rnd([2, 4, 5]), ix([2, 1], [3, 0]), ix([3], [4, 1, 4])],
      ([x, i, j]) => ops.indexNd(x, [1, 2], [i, j]),
    ),
    c(
      '[i, :, j] (apart: in front)',
      () => [rnd([3, 2, 4]), ix([2], [2, 2]), ix([2], [0, 3])],
      ([x, i, j]) => ops.indexNd(x, [0, 2], [i, j]),
    ),
  ],
  where: [
    c(
      'mask 2×1, a 2×3, b 3 (broadcast)',
      () => [ix([2, 1], [1, 0]), rnd([2, 3]), rnd([3], -1, 1, 11)],
      ([m, a, b]) => ops.where(m, a, b),
    ),
  ],
  index_put: [
    c(
      '3×4, 3 entries written',
      () => [rnd([3, 4]), rnd([3], -1, 1, 7)],
      ([x, v]) => ops.indexPut(x, [1, 6, 11], v),
    ),
  ],
  cat: [
    c(
      'dim 1',
      () => [rnd([2, 3]), rnd([2, 2], -1, 1, 8)],
      ([a, b]) => ops.cat([a, b], 1),
    ),
    c(
      'dim 0',
      () => [rnd([1, 3]), rnd([2, 3], -1, 1, 8)],
      ([a, b]) => ops.cat([a, b], 0),
    ),
  ],
  cumsum: [
    c(
      'dim 1 of 3×4',
      () => [rnd([3, 4])],
      ([a]) => ops.cumsum(a, 1),
    ),
    c(
      'dim 0 of 2×3×2',
      () => [rnd([2, 3, 2])],
      ([a]) => ops.cumsum(a, 0),
    ),
  ],
  gelu: [
    c(
      'exact, 3×4',
      () => [rnd([3, 4], -3, 3)],
      ([a]) => ops.gelu(a),
    ),
    c(
      "approximate='tanh', 5",
      () => [rnd([5], -3, 3)],
      ([a]) => ops.gelu(a, 'tanh'),
    ),
  ],
  expand: [
    c(
      '3×1 → 2×3×4',
      () => [rnd([3, 1])],
      ([a]) => ops.expand(a, [2, 3, 4]),
    ),
  ],
};

/**
 * Rules whose text is not code (index_put's offsets are not written out: `dx.index_put(…, 0)`): their rule is
 * checked by shape only.
 */
const TEXT_ONLY = new Set(['index_put']);

interface Applied {
  op: string;
  inputs: readonly Tensor[];
  out: Tensor;
  attrs: Attrs;
}

/** Runs a case with float64 leaves that require grad, hearing every op it applies (expand included). */
function record(k: Case): Applied[] {
  const xs = k.inputs().map((t) => (t.isFloat ? t.requireGrad() : t));
  const applied: Applied[] = [];
  withListener(
    {
      onOp: (op, inputs, out, attrs) => applied.push({ op, inputs, out, attrs }),
      currentStatement: () => null,
    },
    () => k.run(xs),
  );
  return applied;
}

const toArr = (t: Tensor) => new Arr(t.shape, Float64Array.from(t.data));

/** Largest |a − b| over the largest |b|. Constants in rule text are printed to 6 digits (`2.30259`), so a
 * right rule is within ~1e-6; a wrong one (a missing factor, a wrong dim, a dropped term) is off by order 1. */
function relativeMaxdiff(a: Arr, b: Arr): number {
  let d = 0;
  let scale = 0;
  for (let i = 0; i < b.data.length; i++) {
    d = Math.max(d, Math.abs(a.data[i] - b.data[i]));
    scale = Math.max(scale, Math.abs(b.data[i]));
  }
  return d / Math.max(scale, 1e-30);
}

interface Reading {
  k: number;
  text: string;
  symbolic: Arr | null;
  numeric: Tensor;
}

/** Every input gradient of one applied op, by its symbolic rule evaluated, and by its numeric backward. */
function bothReadings(a: Applied): Reading[] {
  const spec = opSpec(a.op)!;
  const names = a.inputs.map((_, k) => `x${k}`);
  const node = (id: string, op: string | null, shape: readonly number[], inputs: string[]): GraphNode => ({
    id,
    name: id,
    kind: op ? 'op' : 'data',
    op,
    attrs: op ? (a.attrs as GraphNode['attrs']) : {},
    inputs,
    shape: [...shape],
    dtype: 'float64',
    statement: null,
    line: null,
    group: null,
    broadcasts: [],
  });
  const inputNodes = a.inputs.map((t, k) => node(names[k], null, t.shape, []));
  const n = node('y', a.op, a.out.shape, names);
  const inputs = a.inputs.map((t, k) => name(names[k], t.shape));
  const r = { node: n, inputNodes, inputs, out: name('y', a.out.shape), source: spec.text(inputs, n) };
  const cotangent = rnd([...a.out.shape], -1, 1, 9);
  const numeric = a.out.creator!.backward(cotangent);
  const values: Record<string, Tensor> = { y: a.out, dy: cotangent };
  a.inputs.forEach((t, k) => (values[names[k]] = t));
  const lookup = (id: string) => {
    if (!values[id]) throw new Error(`unknown name ${id}`);
    return toArr(values[id]);
  };
  return a.inputs.flatMap((t, k): Reading[] => {
    const g = numeric[k];
    if (!t.requiresGrad || !g) return [];
    const expr = gradThrough(spec.rule, k, r, gradName('y', a.out.shape));
    if (!expr) throw new Error(`${a.op}: the rule gives no gradient for input ${k}, the numeric backward does`);
    expect(expr.shape, `${a.op} input ${k}: ${expr.text}`).toEqual([...t.shape]);
    if (TEXT_ONLY.has(a.op)) return [{ k, text: expr.text, symbolic: null, numeric: g }];
    const v = evaluate(expr.text, lookup);
    if (!(v instanceof Arr)) throw new Error(`\`${expr.text}\` is not a tensor`);
    return [{ k, text: expr.text, symbolic: v, numeric: g }];
  });
}

describe('the op registry', () => {
  it('has a case here for every op, and a defined op for every case', () => {
    expect(
      allOps()
        .map((s) => s.name)
        .sort(),
    ).toEqual(Object.keys(CASES).sort());
  });

  it.each(allOps().map((s) => [s.name, s] as const))('%s has every reading', (_, spec) => {
    expect(spec.gradFn).toMatch(/^[A-Z][A-Za-z0-9]*Backward\d$/);
    expect(['pointwise', 'structural']).toContain(spec.rule?.kind);
    expect(typeof spec.text).toBe('function');
    expect(typeof spec.forward).toBe('function');
    expect(typeof spec.backward).toBe('function');
    // Python reaches every op the graph can show (expand is drawn on its consumer's edge, never called alone).
    if (!spec.silent) expect(Object.keys(spec.bindings ?? {}).length).toBeGreaterThan(0);
  });

  it("gives Python a grad_fn for every binding, the op's own", () => {
    const { gradFn } = pythonSurface();
    for (const spec of allOps())
      for (const key of Object.keys(spec.bindings ?? {})) expect(gradFn[key], key).toBe(spec.gradFn);
  });
});

describe.each(Object.entries(CASES))('%s', (op, cases) => {
  // At a tie the central difference is not a derivative (it halves for two ties whatever the rule): not checked.
  it.each(cases.filter((k) => !k.label.includes('tied')).map((k) => [k.label, k] as const))(
    '%s: float64 gradcheck',
    (_, k) => {
      const r = gradcheck(k.run, k.inputs());
      expect(
        r.maxAbsError.every((e) => e < 1e-6),
        `max abs errors ${r.maxAbsError.join(', ')}`,
      ).toBe(true);
      expect(r.ok).toBe(true);
    },
  );

  it.each(cases.map((k) => [k.label, k] as const))('%s: the symbolic rule equals the numeric backward', (_, k) => {
    const applied = record(k);
    expect(
      applied.map((a) => a.op),
      'the case reaches the op',
    ).toContain(op);
    for (const a of applied) {
      for (const { k: input, text, symbolic, numeric } of bothReadings(a)) {
        if (symbolic === null) continue;
        expect(symbolic.shape, text).toEqual([...numeric.shape]);
        expect(relativeMaxdiff(symbolic, toArr(numeric)), `${a.op} input ${input}: ${text}`).toBeLessThan(1e-5);
      }
    }
  });
});
