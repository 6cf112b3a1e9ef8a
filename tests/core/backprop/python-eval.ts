/**
 * Evaluates the PyTorch text of a schedule's contribution (`(counts * dprobs).sum(1, keepdim=True)`) in
 * float64, independently of the core's ops: a small parser for the subset of Python the schedule writes and a
 * dense array with NumPy's broadcasting. Names resolve through `lookup` (forward values and gradients).
 */
import { erf } from '../../../core/ops/float32-math';

/** A dense row-major float64 array. */
export class Arr {
  constructor(
    readonly shape: readonly number[],
    readonly data: Float64Array,
  ) {
    if (data.length !== size(shape)) throw new Error(`shape [${shape.join(', ')}] does not hold ${data.length} values`);
  }
}

type Module = { module: 'F' | 'torch' };
type Value = number | Arr | readonly number[] | Module | { indices: Arr } | { values: Arr } | { key: Key };
/** One part of an index: an int, a slice (null ends: the dim's own), or an index tensor. */
type KeyPart = number | { start: number | null; stop: number | null; step: number | null } | Arr;
type Key = KeyPart[];
type Args = { positional: Value[]; named: Record<string, Value> };

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const strides = (shape: readonly number[]) => shape.map((_, i) => size(shape.slice(i + 1)));

function arr(v: Value, what: string): Arr {
  if (typeof v === 'number') return new Arr([], Float64Array.of(v));
  if (v instanceof Arr) return v;
  throw new Error(`${what}: expected a tensor or a number`);
}
function int(v: Value | undefined, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`${what}: expected an integer`);
  return v;
}
function shapeArg(args: Value[], what: string): number[] {
  if (args.length === 1 && Array.isArray(args[0])) return [...(args[0] as readonly number[])];
  return args.map((a) => int(a, what));
}

/** NumPy broadcasting of two arrays, elementwise f. */
function broadcast(a: Arr, b: Arr, f: (x: number, y: number) => number): Arr {
  const n = Math.max(a.shape.length, b.shape.length);
  const pa = [...Array(n - a.shape.length).fill(1), ...a.shape];
  const pb = [...Array(n - b.shape.length).fill(1), ...b.shape];
  const shape = pa.map((d, i) => {
    if (d !== pb[i] && d !== 1 && pb[i] !== 1) throw new Error(`cannot broadcast [${a.shape}] with [${b.shape}]`);
    return Math.max(d, pb[i]);
  });
  const [sa, sb, so] = [strides(pa), strides(pb), strides(shape)];
  const out = new Float64Array(size(shape));
  for (let i = 0; i < out.length; i++) {
    let ia = 0;
    let ib = 0;
    for (let k = 0; k < n; k++) {
      const c = Math.floor(i / so[k]) % shape[k];
      if (pa[k] !== 1) ia += c * sa[k];
      if (pb[k] !== 1) ib += c * sb[k];
    }
    out[i] = f(a.data[ia], b.data[ib]);
  }
  return new Arr(shape, out);
}

function sum(x: Arr, dims: number[] | null, keepdim: boolean): Arr {
  const ds = dims ?? x.shape.map((_, i) => i);
  const kept = x.shape.map((d, i) => (ds.includes(i) ? 1 : d));
  const out = new Float64Array(size(kept));
  const [sx, sk] = [strides(x.shape), strides(kept)];
  for (let i = 0; i < x.data.length; i++) {
    let j = 0;
    for (let k = 0; k < x.shape.length; k++) if (!ds.includes(k)) j += (Math.floor(i / sx[k]) % x.shape[k]) * sk[k];
    out[j] += x.data[i];
  }
  return new Arr(keepdim ? kept : x.shape.filter((_, i) => !ds.includes(i)), out);
}

function matmul(a: Arr, b: Arr): Arr {
  if (a.shape.length === 3 && b.shape.length === 3) {
    const [batch, m, k] = a.shape;
    const n = b.shape[2];
    const out = new Float64Array(batch * m * n);
    for (let i = 0; i < batch; i++) {
      const ai = new Arr([m, k], a.data.slice(i * m * k, (i + 1) * m * k));
      out.set(matmul(ai, new Arr([k, n], b.data.slice(i * k * n, (i + 1) * k * n))).data, i * m * n);
    }
    return new Arr([batch, m, n], out);
  }
  const [n, k] = a.shape;
  const m = b.shape[1];
  if (a.shape.length !== 2 || b.shape.length !== 2 || b.shape[0] !== k)
    throw new Error(`cannot matmul [${a.shape}] @ [${b.shape}]`);
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++)
    for (let p = 0; p < k; p++) for (let j = 0; j < m; j++) out[i * m + j] += a.data[i * k + p] * b.data[p * m + j];
  return new Arr([n, m], out);
}

function transpose(x: Arr): Arr {
  const [r, c] = x.shape;
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = x.data[i * c + j];
  return new Arr([c, r], out);
}

function oneHot(ix: Arr, classes: number): Arr {
  const out = new Float64Array(ix.data.length * classes);
  ix.data.forEach((v, i) => (out[i * classes + v] = 1));
  return new Arr([...ix.shape, classes], out);
}

function softmax(x: Arr, dim: number): Arr {
  if (x.shape.length !== 2 || dim !== 1) throw new Error('softmax: only rows of a 2-D tensor');
  const e = broadcast(x, extremum(x, 1, 'max').values, (a, m) => Math.exp(a - m));
  return broadcast(e, sum(e, [1], true), (a, s) => a / s);
}

/** max/min over one dim: values (kept dim) and indices (dim dropped), ties at the first index as PyTorch. */
function extremum(x: Arr, dim: number, which: 'max' | 'min'): { values: Arr; indices: Arr } {
  const outer = size(x.shape.slice(0, dim));
  const n = x.shape[dim];
  const inner = size(x.shape.slice(dim + 1));
  const values = new Float64Array(outer * inner);
  const indices = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      let best = which === 'max' ? -Infinity : Infinity;
      for (let k = 0; k < n; k++) {
        const v = x.data[(o * n + k) * inner + i];
        if (which === 'max' ? v > best : v < best) [best, indices[o * inner + i]] = [v, k];
      }
      values[o * inner + i] = best;
    }
  const kept = x.shape.map((d, i) => (i === dim ? 1 : d));
  return {
    values: new Arr(kept, values),
    indices: new Arr(
      x.shape.filter((_, i) => i !== dim),
      indices,
    ),
  };
}

/**
 * The flat offsets of an advanced key (index tensors, broadcast together, with whole slices between them), by
 * NumPy's rule: the broadcast index shape replaces adjacent indexed dims in place, else it goes in front.
 */
function advancedKeyOffsets(shape: readonly number[], key: Key): { offsets: number[]; shape: number[] } {
  const parts = [...key, ...Array<KeyPart>(shape.length - key.length).fill({ start: null, stop: null, step: null })];
  const at = parts.flatMap((p, d) => (p instanceof Arr ? [d] : []));
  const index = at.map((d) => parts[d] as Arr);
  const rank = Math.max(...index.map((a) => a.shape.length));
  const b = Array.from({ length: rank }, (_, q) =>
    Math.max(...index.map((a) => a.shape[q - (rank - a.shape.length)] ?? 1)),
  );
  const rest = shape.map((_, d) => d).filter((d) => !at.includes(d));
  const adjacent = at.every((d, k) => k === 0 || d === at[k - 1] + 1);
  const before = adjacent ? rest.filter((d) => d < at[0]) : [];
  const after = rest.filter((d) => !before.includes(d));
  const outShape = [...before.map((d) => shape[d]), ...b, ...after.map((d) => shape[d])];
  const st = strides(shape);
  const offsets = Array.from({ length: size(outShape) }, (_, i) => {
    const coord = outShape.map((n, q) => Math.floor(i / size(outShape.slice(q + 1))) % n);
    const bc = coord.slice(before.length, before.length + rank);
    let off = 0;
    before.forEach((d, q) => (off += coord[q] * st[d]));
    after.forEach((d, q) => (off += coord[before.length + rank + q] * st[d]));
    index.forEach((a, k) => {
      const lead = rank - a.shape.length;
      let j = 0;
      a.shape.forEach((n, q) => (j = j * n + (n === 1 ? 0 : bc[q + lead])));
      off += a.data[j] * st[at[k]];
    });
    return off;
  });
  return { offsets, shape: outShape };
}

/** The flat offsets a basic or row-gather key reads, and the result's shape (NumPy's rules for these forms). */
function keyOffsets(shape: readonly number[], key: Key): { offsets: number[]; shape: number[] } {
  if (key.some((k, d) => k instanceof Arr && d > 0) || key.filter((k) => k instanceof Arr).length > 1)
    return advancedKeyOffsets(shape, key);
  let offsets = [0];
  const out: number[] = [];
  const st = strides(shape);
  key.forEach((k, d) => {
    if (k instanceof Arr) {
      if (d !== 0) throw new Error('an index tensor only in the first place');
      offsets = [...k.data].flatMap((r) => offsets.map((o) => o + r * st[d]));
      out.push(...k.shape);
      return;
    }
    if (typeof k === 'number') {
      offsets = offsets.map((o) => o + (k < 0 ? k + shape[d] : k) * st[d]);
      return;
    }
    const step = k.step ?? 1;
    const start = k.start ?? 0;
    const stop = Math.min(k.stop ?? shape[d], shape[d]);
    const picks: number[] = [];
    for (let i = start; i < stop; i += step) picks.push(i);
    offsets = offsets.flatMap((o) => picks.map((i) => o + i * st[d]));
    out.push(picks.length);
  });
  for (let d = key.length; d < shape.length; d++) {
    offsets = offsets.flatMap((o) => Array.from({ length: shape[d] }, (_, i) => o + i * st[d]));
    out.push(shape[d]);
  }
  return { offsets, shape: out };
}

function index(x: Arr, key: Key): Arr {
  const { offsets, shape } = keyOffsets(x.shape, key);
  return new Arr(
    shape,
    Float64Array.from(offsets, (o) => x.data[o]),
  );
}

function unary(x: Arr, f: (v: number) => number): Arr {
  return new Arr(x.shape, x.data.map(f));
}

function view(x: Arr, shape: number[]): Arr {
  const known = size(shape.filter((d) => d !== -1));
  return new Arr(
    shape.map((d) => (d === -1 ? x.data.length / known : d)),
    x.data,
  );
}

function expandTo(x: Arr, shape: number[]): Arr {
  return broadcast(x, new Arr(shape, new Float64Array(size(shape))), (a) => a);
}

function indexAdd(base: Arr, dim: number, index: Arr, source: Arr): Arr {
  if (dim !== 0) throw new Error('index_add: only dim 0');
  const row = size(base.shape.slice(1));
  const out = Float64Array.from(base.data);
  index.data.forEach((r, i) => {
    for (let j = 0; j < row; j++) out[r * row + j] += source.data[i * row + j];
  });
  return new Arr(base.shape, out);
}

/** Rewrites every line of x along dim (flip, cumsum). */
function scan(x: Arr, dim: number, f: (line: number[]) => number[]): Arr {
  const d = dim < 0 ? dim + x.shape.length : dim;
  const n = x.shape[d];
  const inner = size(x.shape.slice(d + 1));
  const out = Float64Array.from(x.data);
  for (let o = 0; o < x.data.length / (n * inner); o++)
    for (let i = 0; i < inner; i++) {
      const at = (k: number) => (o * n + k) * inner + i;
      f(Array.from({ length: n }, (_, k) => x.data[at(k)])).forEach((v, k) => (out[at(k)] = v));
    }
  return new Arr(x.shape, out);
}

function callMethod(self: Value, name: string, { positional: a, named }: Args): Value {
  if (typeof self === 'object' && 'module' in self) {
    const x = arr(a[0], `${self.module}.${name}`);
    if (name === 'one_hot') return oneHot(x, int(named.num_classes, 'num_classes'));
    if (name === 'softmax') return softmax(x, int(a[1], 'softmax dim'));
    if (name === 'zeros_like') return new Arr(x.shape, new Float64Array(x.data.length));
    if (name === 'tanh') return unary(x, Math.tanh);
    if (name === 'exp') return unary(x, Math.exp);
    if (name === 'erf') return unary(x, erf);
    if (name === 'ones_like') return new Arr(x.shape, new Float64Array(x.data.length).fill(1));
    throw new Error(`unknown function ${self.module}.${name}`);
  }
  const x = arr(self, `.${name}()`);
  const dims = () =>
    a.length === 0 ? null : Array.isArray(a[0]) ? [...(a[0] as number[])] : [int(a[0], `${name} dim`)];
  const keepdim = named.keepdim === 1;
  switch (name) {
    case 'exp':
      return unary(x, Math.exp);
    case 'log':
      return unary(x, Math.log);
    case 'sqrt':
      return unary(x, Math.sqrt);
    case 'sign':
      return unary(x, Math.sign);
    case 'clone':
      return x;
    case 'transpose': {
      // Only the last two dims, as the schedule writes it: `x.transpose(-2, -1)` of a batch of matrices.
      const [batch, r, c] = x.shape;
      const out = new Float64Array(x.data.length);
      for (let i = 0; i < batch; i++)
        out.set(transpose(new Arr([r, c], x.data.slice(i * r * c, (i + 1) * r * c))).data, i * r * c);
      return new Arr([batch, c, r], out);
    }
    case 'flip':
      return scan(x, int(a[0], 'flip dim'), (line) => line.reverse());
    case 'cumsum':
      return scan(x, int(a[0], 'cumsum dim'), (line) => {
        for (let i = 1; i < line.length; i++) line[i] += line[i - 1];
        return line;
      });
    case 'permute': {
      const dims = shapeArg(a, 'permute');
      const shape = dims.map((d) => x.shape[d]);
      const st = strides(x.shape);
      const out = Float64Array.from({ length: x.data.length }, (_, i) => {
        let off = 0;
        shape.forEach((n, q) => (off += (Math.floor(i / size(shape.slice(q + 1))) % n) * st[dims[q]]));
        return x.data[off];
      });
      return new Arr(shape, out);
    }
    case 'min':
    case 'max': {
      const d = int(a[0], name);
      const r = extremum(x, d < 0 ? d + x.shape.length : d, name);
      return { indices: r.indices, values: keepdim ? r.values : new Arr(r.indices.shape, r.values.data) };
    }
    case 'index_put': {
      const k = a[0];
      if (typeof k !== 'object' || !('key' in k)) throw new Error('index_put: expected an index');
      const { offsets } = keyOffsets(x.shape, k.key);
      const v = arr(a[1], 'index_put value');
      const out = Float64Array.from(x.data);
      const accumulate = named.accumulate === 1;
      offsets.forEach((o, i) => {
        const w = v.data.length === 1 ? v.data[0] : v.data[i];
        out[o] = accumulate ? out[o] + w : w;
      });
      return new Arr(x.shape, out);
    }
    case 'sum':
      return sum(x, dims(), keepdim);
    case 'mean': {
      const s = sum(x, dims(), keepdim);
      const n = x.data.length / s.data.length;
      return new Arr(
        s.shape,
        s.data.map((v) => v / n),
      );
    }
    case 'expand':
      return expandTo(x, shapeArg(a, 'expand'));
    case 'view':
      return view(x, shapeArg(a, 'view'));
    case 'unsqueeze': {
      const d = int(a[0], 'unsqueeze');
      return new Arr([...x.shape.slice(0, d), 1, ...x.shape.slice(d)], x.data);
    }
    case 'index_add':
      return indexAdd(x, int(a[0], 'index_add dim'), arr(a[1], 'index'), arr(a[2], 'source'));
  }
  throw new Error(`unknown method .${name}()`);
}

function attribute(self: Value, name: string): Value {
  if (name === 'T') return transpose(arr(self, '.T'));
  if (name === 'shape') return arr(self, '.shape').shape;
  if (name === 'indices' && typeof self === 'object' && 'indices' in self) return self.indices;
  if (name === 'values' && typeof self === 'object' && !Array.isArray(self) && 'values' in self)
    return (self as { values: Arr }).values;
  throw new Error(`unknown attribute .${name}`);
}

function binary(op: string, l: Value, r: Value): Value {
  if (typeof l === 'number' && typeof r === 'number') {
    return op === '+' ? l + r : op === '-' ? l - r : op === '*' ? l * r : op === '/' ? l / r : l ** r;
  }
  if (op === '@') return matmul(arr(l, '@'), arr(r, '@'));
  if (op === '==') return broadcast(arr(l, op), arr(r, op), (x, y) => (x === y ? 1 : 0));
  if (op === '!=') return broadcast(arr(l, op), arr(r, op), (x, y) => (x !== y ? 1 : 0));
  const f = {
    '+': (x: number, y: number) => x + y,
    '-': (x: number, y: number) => x - y,
    '*': (x: number, y: number) => x * y,
    '/': (x: number, y: number) => x / y,
    '**': (x: number, y: number) => x ** y,
  }[op];
  if (!f) throw new Error(`unknown operator ${op}`);
  return broadcast(arr(l, op), arr(r, op), f);
}

const TOKEN = /\s*(\d+\.\d*(?:e-?\d+)?|\d+(?:e-?\d+)?|[A-Za-z_]\w*|\*\*|==|!=|[-+*/@()[\],.=:])/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const end = text.trimEnd().length;
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < end) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) throw new Error(`cannot read \`${text.slice(at)}\``);
    tokens.push(m[1]);
  }
  return tokens;
}

/** Evaluates one expression; Python's precedence: + - < * / @ < unary - < ** < calls, attributes, indexing. */
export function evaluate(text: string, lookup: (name: string) => Arr): Value {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = (expected?: string) => {
    const t = tokens[pos++];
    if (expected !== undefined && t !== expected)
      throw new Error(`expected ${expected} at token ${pos} of \`${text}\`, got ${t}`);
    return t;
  };

  const comparison = (): Value => {
    const v = additive();
    return peek() === '==' || peek() === '!=' ? binary(take(), v, additive()) : v;
  };
  /** `[...]` after a tensor or as an argument: ints, slices `a:b:c` and index tensors. */
  const key = (): Key => {
    const parts: Key = [];
    const bound = () => (peek() === ':' || peek() === ']' || peek() === ',' ? null : int(additive(), 'slice'));
    while (peek() !== ']') {
      const first = peek() === ':' ? null : additive();
      if (first instanceof Arr) {
        parts.push(first);
        if (peek() === ',') take();
        continue;
      }
      const start = first === null ? null : int(first, 'slice');
      if (peek() === ':') {
        take();
        const stop = bound();
        let step: number | null = null;
        if (peek() === ':') {
          take();
          step = bound();
        }
        parts.push({ start, stop, step });
      } else if (start !== null) parts.push(start);
      else throw new Error(`empty index in \`${text}\``);
      if (peek() === ',') take();
    }
    take(']');
    return parts;
  };
  const additive = (): Value => {
    let v = multiplicative();
    while (peek() === '+' || peek() === '-') v = binary(take(), v, multiplicative());
    return v;
  };
  const multiplicative = (): Value => {
    let v = unary();
    while (peek() === '*' || peek() === '/' || peek() === '@') v = binary(take(), v, unary());
    return v;
  };
  const unary = (): Value => {
    if (peek() !== '-') return power();
    take();
    return binary('*', -1, unary());
  };
  const power = (): Value => {
    const base = postfix();
    if (peek() !== '**') return base;
    take();
    return binary('**', base, unary());
  };
  const args = (): Args => {
    const out: Args = { positional: [], named: {} };
    while (peek() !== ')') {
      if (peek() === '*') {
        // `*x.shape[1:]`: a list spread into the arguments.
        take();
        const list = postfix();
        if (!Array.isArray(list)) throw new Error('only a list can be spread');
        out.positional.push(...(list as number[]));
      } else if (/^[A-Za-z_]/.test(peek()) && tokens[pos + 1] === '=') {
        const key = take();
        take('=');
        out.named[key] = additive();
      } else out.positional.push(additive());
      if (peek() === ',') take();
    }
    take(')');
    return out;
  };
  const postfix = (): Value => {
    let v = atom();
    for (;;) {
      if (peek() === '.') {
        take();
        const name = take();
        if (peek() === '(') {
          take();
          v = callMethod(v, name, args());
        } else v = attribute(v, name);
      } else if (peek() === '[') {
        take();
        if (Array.isArray(v)) {
          const [k] = key();
          const list = v as readonly number[];
          v = typeof k === 'number' ? list[k] : list.slice((k as { start: number | null }).start ?? 0);
        } else {
          const k = key();
          v = index(arr(v, '[]'), k);
        }
      } else return v;
    }
  };
  const atom = (): Value => {
    const t = take();
    if (t === undefined) throw new Error(`\`${text}\` ends too early`);
    if (t === '(') {
      const v = comparison();
      if (peek() === ',') {
        // A tuple of ints (dims).
        const items = [int(v, 'tuple')];
        while (peek() === ',') {
          take();
          if (peek() !== ')') items.push(int(additive(), 'tuple'));
        }
        take(')');
        return items;
      }
      take(')');
      return v;
    }
    if (t === '[') return { key: key() };
    if (/^\d/.test(t)) return Number(t);
    if (t === 'True') return 1;
    if (t === 'F' || t === 'torch') return { module: t };
    if (/^[A-Za-z_]/.test(t)) return lookup(t);
    throw new Error(`unexpected ${t} in \`${text}\``);
  };

  const v = comparison();
  if (pos !== tokens.length)
    throw new Error(`unread tokens after \`${tokens.slice(0, pos).join(' ')}\` in \`${text}\``);
  return v;
}
