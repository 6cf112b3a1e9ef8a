/**
 * How an op is defined and applied. Each op is one OpSpec: its forward and its backward (vector-Jacobian
 * product) side by side, saving exactly what backward needs — micrograd's and teenygrad's shape.
 * `apply` runs the forward, then (when gradients are on) hangs the backward on the result for autograd, and
 * (when a recorder is listening) reports the op so the forward pass becomes a graph.
 */
import type { AttrValue } from '../graph/types';
import { TensorError } from '../tensor/errors';
import { Tensor } from '../tensor/tensor';

export type Attrs = Record<string, AttrValue>;

export interface BackwardContext<A extends Attrs, S> {
  inputs: readonly Tensor[];
  out: Tensor;
  attrs: A;
  saved: S;
}

export interface OpSpec<A extends Attrs = Attrs, S = undefined> {
  readonly name: string;
  forward(inputs: readonly Tensor[], attrs: A): { out: Tensor; saved: S };
  /** Gradient of each input; null where none flows (indices). Runs with gradients off. */
  backward(grad: Tensor, ctx: BackwardContext<A, S>): (Tensor | null)[];
  /** Hidden from the recorded graph: expand is drawn as a broadcast annotation on its consumer's edge. */
  readonly silent?: boolean;
}

/** Who hears about every op while the forward pass is recorded (see recorder/recorder.ts). */
export interface OpListener {
  onOp(op: string, inputs: readonly Tensor[], out: Tensor, attrs: Attrs, silent: boolean): void;
  /** The statement being run, for error messages. */
  currentStatement(): string | null;
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
  return listener?.currentStatement() ?? null;
}

export function defineOp<A extends Attrs, S = undefined>(spec: OpSpec<A, S>): OpSpec<A, S> {
  if (registry.has(spec.name)) throw new Error(`op ${spec.name} defined twice`);
  registry.set(spec.name, spec as unknown as OpSpec<Attrs, unknown>);
  return spec;
}

/** Looks an op up by the name the recorded graph uses (for replaying a graph). */
export function opByName(name: string): OpSpec<Attrs, unknown> {
  const spec = registry.get(name);
  if (!spec) throw new TensorError(name, 'unknown op');
  return spec;
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
  if (gradEnabled && inputs.some((t) => t.requiresGrad)) {
    out.requiresGrad = true;
    out.creator = {
      op: spec.name,
      inputs,
      backward: (grad) => spec.backward(grad, { inputs, out, attrs, saved }),
    };
  }
  listener?.onOp(spec.name, inputs, out, attrs, spec.silent === true);
  return out;
}
