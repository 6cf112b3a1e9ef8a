/**
 * An exercise's run as the views read it (state/shown-run.ts): the notebook's graph and tensors with the
 * learner's own lines from the latest check of the cell in the editor. The step panel shows those lines, the
 * cmp table lists their gradients with their verdicts, and the inspector's manual gradient is the one the
 * check computed (BackwardCheck.manual).
 */
import type { CmpResult } from '../../core/autograd/cmp';
import type { ManualLine } from '../../core/backprop/types';
import { scheduleGraph } from '../../core/backprop/schedule';
import type { Graph } from '../../core/graph/types';
import type { TensorDump } from '../../core/mlp/dump-types';
import type { BackwardCheck, LineVerdict } from '../../core/notebook/exercise-types';
import type { NotebookRun } from '../../core/notebook/types';
import { notebookRun } from '../notebook/notebook-run';
import type { ShownRun } from '../state/shown-run';

/** A line's numbers as cmp prints them; shape, error and pending lines compared none. */
export function cmpOfVerdict(v: LineVerdict): CmpResult | null {
  const maxdiff = v.maxdiff ?? NaN;
  if (v.verdict === 'exact') return { exact: true, approx: true, maxdiff };
  if (v.verdict === 'approx') return { exact: false, approx: true, maxdiff };
  if (v.verdict === 'wrong') return { exact: false, approx: false, maxdiff };
  return null;
}

/** The last statement that writes each target's gradient: its value is the one the cell ends with. */
function finalVerdicts(check: BackwardCheck | null): Map<string, LineVerdict> {
  const out = new Map<string, LineVerdict>();
  for (const v of check?.lines ?? []) if (v.target) out.set(v.target, v);
  return out;
}

/** Each statement that writes a gradient, as the step panel lists the manual lines of its target. */
export function learnerLines(check: BackwardCheck | null, source: string): (ManualLine & { target: string })[] {
  const text = source.split('\n');
  return (check?.lines ?? []).flatMap((v) => {
    if (!v.target || v.checksOnly) return [];
    const lines = text.slice(v.line - 1, v.endLine);
    // Whether it adds to the gradient (`+=`, `dX[ix] = …`, a loop) is the one reading of the source's.
    return [
      { target: v.target, source: lines.map((l, i) => (i ? l : l.trim())).join('\n'), accumulate: !!v.accumulate },
    ];
  });
}

export function exerciseRun(
  run: NotebookRun & { graph: Graph },
  name: string,
  check: BackwardCheck | null,
  source: string,
): ShownRun {
  const base = notebookRun({ ...run, checks: [] }, name);
  const verdicts = finalVerdicts(check);
  const cmp = new Map([...verdicts].flatMap(([t, v]) => (cmpOfVerdict(v) ? [[t, cmpOfVerdict(v)!] as const] : [])));
  const withManual = (id: string, t: TensorDump): TensorDump => {
    const manual = check?.manual[id];
    const c = cmp.get(id);
    return {
      ...t,
      manual_grad: manual ? manual.data : null,
      exact: c?.exact ?? null,
      approx: c?.approx ?? null,
      maxdiff: c?.maxdiff ?? null,
    };
  };
  const remap = (r: Readonly<Record<string, TensorDump>>) =>
    Object.fromEntries(Object.entries(r).map(([id, t]) => [id, withManual(id, t)]));
  const manual = learnerLines(check, source);
  return {
    ...base,
    params: remap(base.params),
    tensors: remap(base.tensors),
    cmpRows: [...verdicts.keys()],
    verdicts,
    schedule: () => scheduleGraph(run.graph, { manual, cmp: Object.fromEntries(cmp) }),
  };
}
