/**
 * How an op is defined and applied. Each op is one OpSpec holding every reading of it, side by side: its
 * forward and its numeric backward (vector-Jacobian product, saving exactly what backward needs — micrograd's
 * and teenygrad's shape), its symbolic backward and forward text (the step panel's terms and TeX), PyTorch's
 * grad_fn name, and the keys Python calls it by. The bridge's op table, Python's grad_fn table, the schedule's
 * rules and the forward text are all read from the registry here, never written beside it.
 * `apply` runs the forward, then (when gradients are on) hangs the backward on the result for autograd, and
 * (when a recorder is listening) reports the op so the forward pass becomes a graph.
 */
import type { AttrValue } from '../graph/types';
import { TensorError } from '../tensor/errors';
import { Tensor } from '../tensor/tensor';
import type { ForwardText, OpRule } from './symbolic/rule-kit';

export type Attrs = Record<string, AttrValue>;

export interface BackwardContext<A extends Attrs, S> {
  inputs: readonly Tensor[];
  out: Tensor;
  attrs: A;
  saved: S;
  /**
   * Whether each input wants a gradient (PyTorch's `needs_input_grad`): autograd drops the others, so a costly
   * backward may return null for them (the input of a first layer, `X @ W`, needs none).
   */
  needs: readonly boolean[];
}

export interface OpSpec<A extends Attrs = Attrs, S = undefined> {
  readonly name: string;
  forward(inputs: readonly Tensor[], attrs: A): { out: Tensor; saved: S };
  /** Gradient of each input; null where none flows (indices). Runs with gradients off. */
  backward(grad: Tensor, ctx: BackwardContext<A, S>): (Tensor | null)[];
  /** Hidden from the recorded graph: expand is drawn as a broadcast annotation on its consumer's edge. */
  readonly silent?: boolean;
  /** PyTorch 1.13's grad_fn class for the op's results (`AddBackward0`); Python may name an alias's own. */
  readonly gradFn: string;
  /** The backward as formulas: the schedule's terms and TeX. */
  readonly rule: OpRule;
  /** The forward as source text. */
  readonly text: ForwardText;
  /** Set on reductions: the word for what they compute ("sum", "variance"), for the step's sentence. */
  readonly reduction?: string;
  /** How Python calls the op: `core.op(key, cell, line, ...args)` runs `bindings[key](io, ...args)`. */
  readonly bindings?: Readonly<Record<string, Binding>>;
  /**
   * A float pointwise op Python exposes by itself, as `Tensor.<unary>()` and `torch.<unary>` (integer inputs
   * promoted to float32, as PyTorch does), and with `functional` also as `F.<unary>` (deprecated there in 1.13).
   */
  readonly python?: { unary: string; functional?: boolean };
}

/** How a binding reads what Python passed: a tensor by its handle, a list (a Pyodide proxy or a JS array). */
export interface BindingIO {
  tensor(handle: number): Tensor;
  list<T>(x: unknown): T;
}

/** One Python entry point of an op: arguments as Python passes them (handles, numbers, lists), a tensor back. */
export type Binding = (io: BindingIO, ...args: never[]) => Tensor;

/** Who hears about every op while the forward pass is recorded (see recorder/recorder.ts). */
export interface OpListener {
  onOp(op: string, inputs: readonly Tensor[], out: Tensor, attrs: Attrs, silent: boolean): void;
  /** The statement being run, for error messages (the lecture's recorder knows it; a notebook's line is Python's). */
  currentStatement?(): string | null;
}

let gradEnabled = true;
let listener: OpListener | null = null;
const registry = new Map<string, OpSpec<Attrs, unknown>>();

/** Runs fn with autograd off, like `torch.no_grad()`. */
export function noGrad<T>(fn: () => T): T {
  const before = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = before;
  }
}

export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Sets grad mode until set again: Python's `with torch.no_grad():` enters and exits in separate calls. */
export function setGradEnabled(enabled: boolean): void {
  gradEnabled = enabled;
}

/** Installs the listener for the duration of fn (recorders nest only one deep). */
export function withListener<T>(l: OpListener, fn: () => T): T {
  const before = listener;
  listener = l;
  try {
    return fn();
  } finally {
    listener = before;
  }
}

/** Installs a listener that stays until replaced (the notebook runtime hears every op of a whole run). */
export function setListener(l: OpListener | null): void {
  listener = l;
}

export function currentStatement(): string | null {
  return listener?.currentStatement?.() ?? null;
}

export function defineOp<A extends Attrs, S = undefined>(spec: OpSpec<A, S>): OpSpec<A, S> {
  if (registry.has(spec.name)) throw new Error(`op ${spec.name} defined twice`);
  registry.set(spec.name, spec as unknown as OpSpec<Attrs, unknown>);
  return spec;
}

/** The op a recorded graph's node names, or undefined (a leaf, or an op this build does not have). */
export function opSpec(name: string): OpSpec<Attrs, unknown> | undefined {
  return registry.get(name);
}

/** Every defined op (import '../ops' first, so that each module has defined its own). */
export function allOps(): OpSpec<Attrs, unknown>[] {
  return [...registry.values()];
}

/** Whether autograd records an op on these inputs (then `apply` gives its result a creator). */
export function recordsGrad(inputs: readonly Tensor[]): boolean {
  return gradEnabled && inputs.some((t) => t.requiresGrad);
}

export function apply<A extends Attrs, S>(spec: OpSpec<A, S>, inputs: readonly Tensor[], attrs: A): Tensor {
  let result: { out: Tensor; saved: S };
  try {
    result = spec.forward(inputs, attrs);
  } catch (e) {
    // Attach the statement being recorded so the learner sees which line failed.
    if (e instanceof TensorError && e.statement === null) throw new TensorError(e.op, e.detail, currentStatement());
    throw e;
  }
  const { out, saved } = result;
  if (recordsGrad(inputs)) {
    out.requiresGrad = true;
    out.creator = {
      op: spec.name,
      inputs,
      backward: (grad) => spec.backward(grad, { inputs, out, attrs, saved, needs: inputs.map((t) => t.requiresGrad) }),
    };
    for (const x of inputs) x.held = true; // the creator holds the inputs (and what the op saved)
  }
  listener?.onOp(spec.name, inputs, out, attrs, spec.silent === true);
  return out;
}
