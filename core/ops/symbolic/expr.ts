/**
 * Gradient formulas as small expressions rendered twice: as PyTorch text (`counts_sum_inv * dprobs`, what the
 * lecture would type) and as LaTeX for KaTeX. Each expression also carries its shape, computed by the same
 * broadcasting and reduction rules the ops use, so a formula whose shape is wrong is caught when it is built.
 *
 * The notation, the one every rule's LaTeX uses (it is built only here):
 * - `a \odot b` is an elementwise product with broadcasting (`a * b`), between any two tensors, 0-d ones too;
 * - a number in front is a coefficient, written next to what it scales: `2\,x`, `\frac{1}{31}\,x`;
 * - `A\,B` (juxtaposition) is a matrix product (`A @ B`), and `X^{\top}` a transpose (`X.T`);
 * - reductions and reshapes are named operators with their dims or shape: `\operatorname{sum}_{0}(x)`,
 *   `\operatorname{expand}_{32 \times 27}(x)`, `\operatorname{view}_{...}(x)`;
 * - a local derivative is always written as the vector-Jacobian product it is, the incoming gradient `(\cdot)`
 *   times the Jacobian, as the chain rule reads: `(\cdot)\,\frac{\partial\,y}{\partial\,x} = x^{\top}\,(\cdot)`,
 *   `= \frac{1}{x} \odot (\cdot)`, `= \operatorname{sum}_{1}(x \odot (\cdot))`, every broadcast undone included
 *   (see localHead in contributions.ts). No Jacobian is ever written as a matrix.
 */
import { broadcastShapes, formatShape, sameShape, type Shape } from '../../tensor/shape';

/** Binding strength, loosest first (Python's order; LaTeX has its own column). */
export const ADD = 1;
export const MUL = 2;
export const NEG = 3;
export const POW = 4;
export const POSTFIX = 5;
export const ATOM = 6;

export interface Expr {
  readonly text: string;
  readonly latex: string;
  readonly prec: number;
  readonly texPrec: number;
  /** Top-level operator, for associativity ('' for atoms). */
  readonly op: string;
  readonly shape: readonly number[];
  /** The value, when the expression is a number literal. */
  readonly value?: number;
  /** What a parenthesised group wraps (so `\frac` can drop redundant parentheses). */
  readonly inner?: Expr;
  /**
   * The LaTeX broken before each top-level `+` and `-` (of a sum, or of a sum in parentheses on the right of a
   * product), for a panel too narrow for one line; set only where there are three terms or more.
   */
  readonly lines?: readonly string[];
  /** The terms of a sum as written, each but the first with its sign (`- x`); what `lines` breaks at. */
  readonly terms?: readonly string[];
  /** For `s.expand(...)` of a 0-d `s`: `s`, which broadcasting stretches by itself wherever it is combined. */
  readonly expanded?: Expr;
}

const pyWrap = (x: Expr, min: number): string => (x.prec < min ? `(${x.text})` : x.text);
const texWrap = (x: Expr, min: number): string => (x.texPrec < min ? `\\left(${x.latex}\\right)` : x.latex);
/** x as a function's argument, in the function's own parentheses. */
export const texArg = (x: Expr): string => `\\left(${(x.inner ?? x).latex}\\right)`;
/** A 0-d tensor stretched by expand, which an elementwise op can take unstretched. */
const scalarExpanded = (x: Expr): Expr | undefined => (x.expanded?.shape.length === 0 ? x.expanded : undefined);

/** `counts_sum_inv` → `\mathrm{counts\_sum\_inv}` */
export function texName(id: string): string {
  return `\\mathrm{${id.replace(/_/g, '\\_')}}`;
}

export const texShape = (shape: Shape): string => (shape.length === 0 ? '1' : shape.join(' \\times '));

/** A named tensor (its forward value). */
export function name(id: string, shape: Shape): Expr {
  return { text: id, latex: texName(id), prec: ATOM, texPrec: ATOM, op: '', shape: [...shape] };
}

/** The gradient of a named tensor, as the lecture writes it: `dprobs`. */
export function gradName(id: string, shape: Shape): Expr {
  return { text: `d${id}`, latex: `d${texName(id)}`, prec: ATOM, texPrec: ATOM, op: '', shape: [...shape] };
}

/** Any atom given verbatim, e.g. the placeholder `(·)` for "the incoming gradient". */
export function atom(text: string, latex: string, shape: Shape): Expr {
  return { text, latex, prec: ATOM, texPrec: ATOM, op: '', shape: [...shape] };
}

/** A literal written as the lecture writes it (`1.0`), with its LaTeX. */
export function literal(text: string, latex: string, value: number): Expr {
  return { text, latex, prec: ATOM, texPrec: ATOM, op: '', shape: [], value };
}

/**
 * Numbers as a reader would write them: `1e-5` not `0.00001`, `1/32` not `0.03125` (the recorded scalars are
 * the lecture's `1/n` and `1/(n-1)`, already divided out).
 */
export function formatNumber(v: number): { text: string; latex: string; rational: boolean } {
  if (Number.isInteger(v) || !Number.isFinite(v)) return { text: String(v), latex: String(v), rational: false };
  const a = Math.abs(v);
  if (a < 1e-3) {
    const [m, e] = v.toExponential().split('e');
    return {
      text: `${m}e${Number(e)}`,
      latex: m === '1' ? `10^{${Number(e)}}` : `${m} \\times 10^{${Number(e)}}`,
      rational: false,
    };
  }
  const s = String(v);
  if (s.length > 6) {
    for (let d = 2; d <= 1024; d++) {
      const n = v * d;
      if (Math.abs(n - Math.round(n)) < 1e-9 * Math.max(1, Math.abs(n))) {
        const num = Math.round(n);
        const sign = num < 0 ? '-' : '';
        return { text: `${num}/${d}`, latex: `${sign}\\frac{${Math.abs(num)}}{${d}}`, rational: true };
      }
    }
    return { text: String(Number(v.toPrecision(6))), latex: String(Number(v.toPrecision(6))), rational: false };
  }
  return { text: s, latex: s, rational: false };
}

export function num(v: number): Expr {
  const f = formatNumber(v);
  const prec = v < 0 ? NEG : f.rational ? MUL : ATOM;
  return {
    text: f.text,
    latex: f.latex,
    prec,
    texPrec: v < 0 ? NEG : ATOM,
    op: f.rational ? '/' : '',
    shape: [],
    value: v,
  };
}

/**
 * `head = rhs` as KaTeX's aligned lines: the head on its own line, then `= ` and each of rhs's lines, the
 * continuations indented. Null when rhs has no lines to break at.
 */
export function alignedTex(head: string, rhs: readonly string[] | undefined): string | null {
  if (!rhs || rhs.length < 2) return null;
  const [first, ...rest] = rhs;
  return `\\begin{aligned}&${head}\\\\&= ${first}${rest.map((l) => `\\\\&\\qquad ${l}`).join('')}\\end{aligned}`;
}

/** Parentheses kept in the text (`(1.0 / probs) * dlogprobs`, as the lecture groups a local derivative). */
export function group(x: Expr): Expr {
  if (x.prec >= POSTFIX) return x;
  return {
    text: `(${x.text})`,
    latex: x.texPrec < POW ? `\\left(${x.latex}\\right)` : x.latex,
    prec: ATOM,
    texPrec: ATOM,
    op: '',
    shape: x.shape,
    inner: x,
  };
}

function broadcast(op: string, a: Expr, b: Expr): number[] {
  const r = broadcastShapes(a.shape, b.shape);
  if ('mismatchDim' in r) {
    throw new Error(
      `schedule: \`${a.text} ${op} ${b.text}\` does not broadcast (${formatShape(a.shape)} and ${formatShape(b.shape)})`,
    );
  }
  return r.shape;
}

function binary(op: string, prec: number, a: Expr, b: Expr, latex: string, texPrec: number, shape: number[]): Expr {
  const assoc = (op === '+' || op === '*') && b.op === op;
  const right = b.prec < prec || (b.prec === prec && !assoc) || b.op === 'neg' ? `(${b.text})` : b.text;
  // Python reads `x * y @ z` left to right, but a reader should not have to: `@` next to `*` or `/` gets parentheses.
  const mixed = a.prec === prec && prec === MUL && (op === '@') !== (a.op === '@');
  const left = mixed ? `(${a.text})` : pyWrap(a, prec);
  // `2*bndiff`, as the lecture writes a number times a tensor; spaces elsewhere.
  const tight = op === '*' && a.value !== undefined && !a.text.includes('/');
  const text = tight ? `${left}*${right}` : `${left} ${op} ${right}`;
  return { text, latex, prec, texPrec, op, shape };
}

/** A sum's terms so far and the next one, and `lines` once there are three. */
function withTerms(e: Expr, a: Expr, next: string): Expr {
  const terms = [...(a.terms ?? [a.latex]), next];
  return { ...e, terms, ...(terms.length >= 3 ? { lines: terms } : {}) };
}

export function add(a: Expr, b: Expr): Expr {
  const right = b.texPrec <= ADD ? texWrap(b, ADD + 1) : b.latex;
  return withTerms(binary('+', ADD, a, b, `${a.latex} + ${right}`, ADD, broadcast('+', a, b)), a, `+ ${right}`);
}

export function sub(a: Expr, b: Expr): Expr {
  const right = texWrap(b, MUL);
  return withTerms(binary('-', ADD, a, b, `${a.latex} - ${right}`, ADD, broadcast('-', a, b)), a, `- ${right}`);
}

/** Elementwise product: `⊙` between tensors, juxtaposition for a number in front. */
export function mul(a: Expr, b: Expr): Expr {
  const shape = broadcast('*', a, b);
  // `onehot * s.expand(32, 1)` for a 0-d s is `onehot * s`: the product broadcasts s by itself.
  const sa = scalarExpanded(a);
  const sb = scalarExpanded(b);
  if (sb && sameShape(broadcast('*', a, sb), shape)) return mul(a, sb);
  if (sa && sameShape(broadcast('*', sa, b), shape)) return mul(sa, b);
  const left = a.value !== undefined ? `${texWrap(a, MUL)}\\,` : `${texWrap(a, MUL)} \\odot `;
  const product = binary('*', MUL, a, b, left + texWrap(b, NEG), MUL, shape);
  // A long sum in parentheses on the right breaks inside them (`\left(` cannot span lines; `\Bigl(` can).
  const inner = b.inner?.lines;
  if (!inner) return product;
  const lines = [`${left}\\Bigl(${inner[0]}`, ...inner.slice(1, -1), `${inner[inner.length - 1]}\\Bigr)`];
  return { ...product, lines };
}

export function div(a: Expr, b: Expr): Expr {
  // `s.expand(32) / 32` is `(s / 32).expand(32)`: keep the stretched scalar on the outside.
  const sa = scalarExpanded(a);
  if (sa && b.shape.length === 0) return expand(div(sa, b), a.shape);
  return binary('/', MUL, a, b, `\\frac{${(a.inner ?? a).latex}}{${(b.inner ?? b).latex}}`, ATOM, broadcast('/', a, b));
}

/** a @ b of matrices, or of two batches of them ([B, m, k] @ [B, k, n]). */
export function matmul(a: Expr, b: Expr): Expr {
  const r = a.shape.length;
  const batch = r === 3 && b.shape.length === 3 && a.shape[0] === b.shape[0];
  if (!(batch || (r === 2 && b.shape.length === 2)) || a.shape[r - 1] !== b.shape[r - 2]) {
    throw new Error(
      `schedule: \`${a.text} @ ${b.text}\` cannot multiply ${formatShape(a.shape)} by ${formatShape(b.shape)}`,
    );
  }
  const shape = [...a.shape.slice(0, -1), b.shape[r - 1]];
  return binary('@', MUL, a, b, `${texWrap(a, NEG)}\\,${texWrap(b, NEG)}`, MUL, shape);
}

export function neg(x: Expr): Expr {
  return {
    text: `-${pyWrap(x, NEG + 1)}`,
    latex: `-${texWrap(x, NEG + 1)}`,
    prec: NEG,
    texPrec: NEG,
    op: 'neg',
    shape: x.shape,
  };
}

/** x ** e with a number exponent (`counts_sum**-2`). */
export function pow(x: Expr, e: number): Expr {
  const f = formatNumber(e);
  return {
    text: `${pyWrap(x, POSTFIX)}**${f.text}`,
    latex: `${texWrap(x, ATOM)}^{${f.latex}}`,
    prec: POW,
    texPrec: POW,
    op: '**',
    shape: x.shape,
  };
}

/** A method call or attribute on x: `x.sum(1, keepdim=True)`; latex gets x's own latex. */
export function method(x: Expr, tail: string, latex: (inner: string) => string, shape: Shape, texPrec = ATOM): Expr {
  return {
    text: `${pyWrap(x, POSTFIX)}${tail}`,
    latex: latex(x.latex),
    prec: POSTFIX,
    texPrec,
    op: '',
    shape: [...shape],
  };
}

/** A function call (`F.one_hot(...)`): an atom in both renderings. */
export function call(text: string, latex: string, shape: Shape): Expr {
  return { text, latex, prec: ATOM, texPrec: ATOM, op: '', shape: [...shape] };
}

/** Each matrix of a batch transposed: `x.transpose(-2, -1)`. */
export const transposeLast = (x: Expr): Expr => {
  const [batch, r, c] = x.shape;
  return method(x, '.transpose(-2, -1)', () => `${texWrap(x, ATOM)}^{\\top}`, [batch, c, r], POW);
};

export const transpose = (x: Expr): Expr => {
  if (x.shape.length !== 2) throw new Error(`schedule: \`${x.text}.T\` needs a 2-D tensor`);
  return method(x, '.T', () => `${texWrap(x, ATOM)}^{\\top}`, [x.shape[1], x.shape[0]], POW);
};

const dimsText = (dims: readonly number[]): string => (dims.length === 1 ? String(dims[0]) : `(${dims.join(', ')})`);

/** x.sum(dims, keepdim) — dims null sums everything. */
export function sum(x: Expr, dims: readonly number[] | null, keepdim: boolean): Expr {
  const all = dims === null;
  const ds = dims ?? x.shape.map((_, i) => i);
  const shape = keepdim ? x.shape.map((d, i) => (ds.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !ds.includes(i));
  const tail = all ? '.sum()' : `.sum(${dimsText(ds)}${keepdim ? ', keepdim=True' : ''})`;
  const sub_ = all ? '' : `_{${ds.join(',')}}`;
  return method(x, tail, () => `\\operatorname{sum}${sub_}${texArg(x)}`, shape);
}

export function mean(x: Expr, dims: readonly number[] | null, keepdim: boolean): Expr {
  const s = sum(x, dims, keepdim);
  const tail = dims === null ? '.mean()' : `.mean(${dimsText(dims)}${keepdim ? ', keepdim=True' : ''})`;
  const sub_ = dims === null ? '' : `_{${dims.join(',')}}`;
  return method(x, tail, () => `\\operatorname{mean}${sub_}${texArg(x)}`, s.shape);
}

/** x.expand(shape): a size-1 or missing dim repeated (the backward of a reduction). */
export function expand(x: Expr, shape: Shape): Expr {
  const lead = shape.length - x.shape.length;
  if (lead < 0 || x.shape.some((d, i) => d !== 1 && d !== shape[i + lead])) {
    throw new Error(`schedule: \`${x.text}\` (${formatShape(x.shape)}) cannot be expanded to ${formatShape(shape)}`);
  }
  return {
    ...method(
      x,
      `.expand(${shape.join(', ')})`,
      () => `\\operatorname{expand}_{${texShape(shape)}}${texArg(x)}`,
      shape,
    ),
    expanded: x,
  };
}

export function unsqueeze(x: Expr, dim: number): Expr {
  const shape = [...x.shape.slice(0, dim), 1, ...x.shape.slice(dim)];
  const s = scalarExpanded(x);
  if (s) return expand(s, shape);
  return method(x, `.unsqueeze(${dim})`, (l) => l, shape, x.texPrec);
}

/** x.view(...): `args` is how the text names the shape (`emb.shape`, or the numbers). */
export function view(x: Expr, shape: Shape, args: string): Expr {
  if (shape.reduce((a, b) => a * b, 1) !== x.shape.reduce((a, b) => a * b, 1)) {
    throw new Error(`schedule: \`${x.text}\` (${formatShape(x.shape)}) cannot be viewed as ${formatShape(shape)}`);
  }
  return method(x, `.view(${args})`, () => `\\operatorname{view}_{${texShape(shape)}}${texArg(x)}`, shape);
}
