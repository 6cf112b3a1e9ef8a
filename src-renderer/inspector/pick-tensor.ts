/** Which tensor a graph node shows: a parameter, a named tensor or data, or (for anonymous ops) nothing. */
import type { TensorDump } from '../../core/mlp/dump-types';
import type { ShownRun } from '../state/shown-run';
import { itos } from '../../core/data/vocab';

export type Layer = 'value' | 'grad' | 'diff';

export function tensorOf(run: Pick<ShownRun, 'params' | 'tensors'>, id: string): TensorDump | null {
  if (Object.hasOwn(run.params, id)) return run.params[id];
  if (Object.hasOwn(run.tensors, id)) return run.tensors[id];
  return null;
}

/** The flat data a layer shows, or null when the tensor has none (no gradient flows into integer data). */
export function layerData(t: TensorDump, layer: Layer): ArrayLike<number> | null {
  if (layer === 'value') return t.data;
  if (layer === 'grad') return t.grad;
  if (!t.grad || !t.manual_grad) return null;
  const out = new Float64Array(t.grad.length);
  for (let i = 0; i < out.length; i++) out[i] = t.manual_grad[i] - t.grad[i];
  return out;
}

export function dtypeOf(run: Pick<ShownRun, 'graph'>, id: string): string {
  return run.graph.nodes.find((n) => n.id === id)?.dtype ?? 'float32';
}

/** The characters an index tensor stands for (the batch's Xb and Yb index the names vocabulary), else null. */
export function charactersOf(id: string): readonly string[] | null {
  return id === 'Xb' || id === 'Yb' ? itos : null;
}

/** How one element reads: a float, or for an index tensor its character (`5 → 'e'`). */
export function elementText(v: number, chars: readonly string[] | null, float: (v: number) => string): string {
  const ch = chars?.[v];
  return ch === undefined ? float(v) : `'${ch}'`;
}
