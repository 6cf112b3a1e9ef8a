/**
 * A notebook's run as the views read it (state/shown-run.ts): its graph with the learner's names, every
 * tensor with autograd's and the learner's gradient, and the backward schedule of that graph with the
 * learner's own manual lines and checks in place of the lecture's.
 */
import type { CmpResult } from '../../core/autograd/cmp';
import { scheduleGraph } from '../../core/backprop/schedule';
import type { Graph } from '../../core/graph/types';
import type { TensorDump } from '../../core/mlp/dump-types';
import type { LineVerdict } from '../../core/notebook/exercise-types';
import type { Check, NotebookRun } from '../../core/notebook/types';
import type { ShownRun } from '../state/shown-run';
import { manualLines } from './manual-lines';

/** The checks that compared numbers, last one per tensor (a later cmp of the same tensor wins, as on screen). */
function cmpByTarget(checks: readonly Check[]): Map<string, CmpResult> {
  const out = new Map<string, CmpResult>();
  for (const c of checks) {
    if (c.target && c.exact !== null && c.approx !== null)
      out.set(c.target, { exact: c.exact, approx: c.approx, maxdiff: c.maxdiff ?? NaN });
  }
  return out;
}

/**
 * The checks that compared no numbers (a wrong shape, an error), last one per tensor, as the exercise's line
 * verdicts: the cmp table shows their verdict and sentence, the same the gutter and the CLI say.
 */
export function verdictsWithoutNumbers(checks: readonly Check[]): Map<string, LineVerdict> {
  const out = new Map<string, LineVerdict>();
  for (const c of checks) {
    if (!c.target) continue;
    if (c.exact !== null && c.approx !== null) out.delete(c.target);
    else {
      const { line, verdict, grad_name: grad, target, maxdiff, message, diagnosis } = c;
      out.set(c.target, { line, endLine: line, verdict, grad, target, maxdiff, message, diagnosis });
    }
  }
  return out;
}

export function notebookRun(run: NotebookRun & { graph: Graph }, name: string): ShownRun {
  const { graph } = run;
  const cmp = cmpByTarget(run.checks);
  const kinds = new Map(graph.nodes.map((n) => [n.id, n.kind]));
  const params: Record<string, TensorDump> = {};
  const tensors: Record<string, TensorDump> = {};
  for (const [id, t] of Object.entries(run.tensors)) {
    const c = cmp.get(id);
    const dumped: TensorDump = {
      shape: t.shape,
      data: t.data,
      grad: t.grad,
      manual_grad: t.manual,
      exact: c?.exact ?? null,
      approx: c?.approx ?? null,
      maxdiff: c?.maxdiff ?? null,
    };
    (kinds.get(id) === 'parameter' ? params : tensors)[id] = dumped;
  }
  const out = run.tensors[graph.output];
  return {
    graph,
    params,
    tensors,
    loss: out && out.data.length === 1 ? out.data[0] : null,
    caption: name,
    cmpRows: [...new Set(run.checks.flatMap((c) => (c.target ? [c.target] : [])))],
    verdicts: verdictsWithoutNumbers(run.checks),
    schedule: () =>
      scheduleGraph(graph, {
        manual: manualLines(run.cells, run.checks),
        cmp: Object.fromEntries(cmp),
      }),
  };
}
