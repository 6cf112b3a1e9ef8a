/**
 * What the graph view, player, inspector, cmp table and export read of the run on screen, whichever ran it:
 * the built-in lecture (a Dump, core/mlp/dump-types.ts) or a learner's notebook (notebook/notebook-run.ts
 * adapts a NotebookRun). The views stay one set of views; only these adapters know where the data came from.
 */
import type { BackwardSchedule } from '../../core/backprop/types';
import type { Graph } from '../../core/graph/types';
import type { Dump, TensorDump } from '../../core/mlp/dump-types';
import type { LineVerdict } from '../../core/notebook/exercise-types';
import { CMP_ROWS } from '../../core/mlp/names';
import { buildSchedule } from '../../core/mlp/lecture-schedule';

export interface ShownRun {
  graph: Graph;
  /** Leaves that get a gradient (the inspector lists them first, as the lecture does). */
  params: Readonly<Record<string, TensorDump>>;
  /** Every other tensor the inspector can open, by node id. */
  tensors: Readonly<Record<string, TensorDump>>;
  loss: number | null;
  /** What ran, for the export caption and the cmp table: the lecture's config or the notebook's name. */
  caption: string;
  /** The cmp table's rows in order: the lecture's exercise-1 table, or the tensors the notebook checks. */
  cmpRows: readonly string[];
  /** In exercise mode: the verdict of the learner's last line for each gradient the cell writes, by target. */
  verdicts?: ReadonlyMap<string, LineVerdict>;
  /** The backward schedule the player steps through (may throw: the caller says why). */
  schedule(): BackwardSchedule;
}

export function lectureRun(dump: Dump): ShownRun {
  const c = dump.config;
  const int = (t: { shape: number[]; data: number[] }): TensorDump => ({
    ...t,
    grad: null,
    manual_grad: null,
    exact: null,
    approx: null,
    maxdiff: null,
  });
  return {
    graph: dump.graph,
    params: dump.params,
    tensors: { ...dump.tensors, Xb: int(dump.batch.Xb), Yb: int(dump.batch.Yb) },
    loss: dump.loss,
    caption: `variant ${c.variant} · seed ${c.seed} · hidden ${c.n_hidden}`,
    cmpRows: CMP_ROWS,
    schedule: () => buildSchedule(dump),
  };
}
