/**
 * Evaluates the PyTorch text of a schedule's contribution (`(counts * dprobs).sum(1, keepdim=True)`) in
 * float64, independently of the core's ops: a small parser for the subset of Python the schedule writes and a
 * dense array with NumPy's broadcasting. Names resolve through `lookup` (forward values and gradients).
 */

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
type Value = number | Arr | readonly number[] | Module | { indices: Arr };
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
  const e = broadcast(x, rowMax(x).values, (a, m) => Math.exp(a - m));
  return broadcast(e, sum(e, [1], true), (a, s) => a / s);
}

function rowMax(x: Arr): { values: Arr; indices: Arr } {
  const [r, c] = x.shape;
  const values = new Float64Array(r);
  const indices = new Float64Array(r);
  for (let i = 0; i < r; i++) {
    values[i] = -Infinity;
    for (let j = 0; j < c; j++) {
      if (x.data[i * c + j] > values[i]) [values[i], indices[i]] = [x.data[i * c + j], j];
    }
  }
  return { values: new Arr([r, 1], values), indices: new Arr([r], indices) };
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

function callMethod(self: Value, name: string, { positional: a, named }: Args): Value {
  if (typeof self === 'object' && 'module' in self) {
    const x = arr(a[0], `${self.module}.${name}`);
    if (name === 'one_hot') return oneHot(x, int(named.num_classes, 'num_classes'));
    if (name === 'softmax') return softmax(x, int(a[1], 'softmax dim'));
    if (name === 'zeros_like') return new Arr(x.shape, new Float64Array(x.data.length));
    if (name === 'ones_like') return new Arr(x.shape, new Float64Array(x.data.length).fill(1));
    throw new Error(`unknown function ${self.module}.${name}`);
  }
  const x = arr(self, `.${name}()`);
  const dims = () => (a.length === 0 ? null : [int(a[0], `${name} dim`)]);
  const keepdim = named.keepdim === 1;
  switch (name) {
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
    case 'max':
      if (dims()?.[0] !== 1) throw new Error('max: only over dim 1');
      return { indices: rowMax(x).indices };
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
  throw new Error(`unknown attribute .${name}`);
}

function binary(op: string, l: Value, r: Value): Value {
  if (typeof l === 'number' && typeof r === 'number') {
    return op === '+' ? l + r : op === '-' ? l - r : op === '*' ? l * r : op === '/' ? l / r : l ** r;
  }
  if (op === '@') return matmul(arr(l, '@'), arr(r, '@'));
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

const TOKEN = /\s*(\d+\.\d*(?:e-?\d+)?|\d+(?:e-?\d+)?|[A-Za-z_]\w*|\*\*|[-+*/@()[\],.=])/y;

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
      if (/^[A-Za-z_]/.test(peek()) && tokens[pos + 1] === '=') {
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
        const i = int(additive(), 'index');
        take(']');
        if (!Array.isArray(v)) throw new Error('only shapes are indexed');
        v = (v as readonly number[])[i];
      } else return v;
    }
  };
  const atom = (): Value => {
    const t = take();
    if (t === undefined) throw new Error(`\`${text}\` ends too early`);
    if (t === '(') {
      const v = additive();
      take(')');
      return v;
    }
    if (/^\d/.test(t)) return Number(t);
    if (t === 'True') return 1;
    if (t === 'F' || t === 'torch') return { module: t };
    if (/^[A-Za-z_]/.test(t)) return lookup(t);
    throw new Error(`unexpected ${t} in \`${text}\``);
  };

  const v = additive();
  if (pos !== tokens.length)
    throw new Error(`unread tokens after \`${tokens.slice(0, pos).join(' ')}\` in \`${text}\``);
  return v;
}
