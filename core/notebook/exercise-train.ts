/**
 * Exercise 4: training the network with the learner's own backward pass. A step re-runs the notebook's
 * minibatch and forward cells, then the learner's backward cell (their cmp calls left out), then SGD on every
 * parameter with the learner's gradient of it. Autograd runs only on check steps (every K), where each of the
 * learner's gradients is compared with autograd's; between them the notebook's backward() does nothing.
 * Parameters are put back as they were when training ends, so the live check's forward pass is unchanged.
 */
import type { Graph } from '../graph/types';
import type { KeptRun } from './run';
import { activate, toError } from './run';
import { cellFilename, cellText, errorText, placeText } from './coords';
import type { Notebook } from './types';

export interface TrainOptions {
  /** The exercise cell whose lines are the backward pass, and its current source. */
  cell: number;
  source: string;
  lr: number;
  /** Compare with autograd every this many steps (and on the last). */
  checkEvery: number;
}

export interface TrainCheckRow {
  grad: string;
  target: string;
  /** null: not a tensor, or not of the target's shape. */
  maxdiff: number | null;
  ok: boolean;
}

export interface TrainChunk {
  /** Loss after each step of the chunk (null: not finite). */
  losses: (number | null)[];
  /** Set when the chunk ended on a check step. */
  check: { step: number; rows: TrainCheckRow[] } | null;
  /** The Python error that ended the chunk, with its place (`NameError in cell 9, line 4: …`). */
  error: string | null;
}

export interface Trainer {
  /** Steps run so far. */
  readonly done: number;
  /** Runs the next `count` steps (synchronously; the caller chunks them to report progress). */
  run(count: number): TrainChunk;
  /** Puts the parameters back as they were before training. */
  finish(): void;
}

/** A problem that stops training before it starts, said in the learner's terms. */
export class TrainSetupError extends Error {}

export interface TrainContext {
  kept: KeptRun;
  nb: Notebook;
  cellsNow: ReadonlyMap<number, string>;
  /** Gradient name → graph node, as the live check pairs them. */
  pairs(source: string): Map<string, string>;
}

export function startTraining(t: TrainContext, o: TrainOptions): Trainer {
  const { kept, nb } = t;
  const { session, runtime } = kept;
  const graph = kept.run.graph;
  const capture = session.captureCell;
  if (!graph || capture === null)
    throw new TrainSetupError('the notebook never calls backward(), so there is no loss to train');
  const ident = (id: string) => /^[A-Za-z_]\w*$/.test(id);
  const data = graph.nodes.filter((n) => n.kind === 'data' && ident(n.id)).map((n) => n.id);
  const params = graph.nodes.filter((n) => n.kind === 'parameter');
  const code = nb.cells.filter((c) => c.kind === 'code' && c.index <= capture);
  const source = (i: number) => t.cellsNow.get(i) ?? nb.cells[i].source;
  const where = JSON.parse(
    runtime.assigning_cells(JSON.stringify(data), JSON.stringify(code.map((c) => [c.index, source(c.index)]))),
  ) as Record<string, number>;
  const first = Math.min(capture, ...Object.values(where));
  const steps = code.filter((c) => c.index >= first);
  const baseOf = (id: string) => /^[A-Za-z_]\w*/.exec(id)?.[0] ?? id;
  const reassigned = JSON.parse(
    runtime.assigning_cells(
      JSON.stringify(params.map((p) => baseOf(p.id))),
      JSON.stringify(steps.map((c) => [c.index, source(c.index)])),
    ),
  ) as Record<string, number>;
  const again = Object.keys(reassigned);
  if (again.length > 0) {
    throw new TrainSetupError(
      `${cellText(nb.cells, reassigned[again[0]])} draws the minibatch and also creates ${again.join(', ')}: each step would start from new parameters. Create the parameters in an earlier cell.`,
    );
  }
  const pairs = t.pairs(o.source);
  const gradOf = new Map([...pairs].map(([g, id]) => [id, g]));
  const missing = params.filter((p) => !gradOf.has(p.id)).map((p) => p.id);
  if (missing.length > 0) {
    throw new TrainSetupError(
      `your backward cell has no gradient for ${missing.join(', ')}: write ${missing.map((m) => (ident(m) ? `d${m}` : `cmp('${m}', d…, ${m})`)).join(', ')} before training with it`,
    );
  }
  const file = (i: number) => cellFilename(nb, i);
  const cells = [
    ...steps.map((c) => [c.index, source(c.index), file(c.index), c.firstLine, false]),
    [o.cell, o.source, file(o.cell), nb.cells[o.cell]?.firstLine ?? 1, true],
  ];
  const saved = params.map((p) => {
    const tensor = session.captured!.tensors.get(p.id)!;
    return { tensor, data: tensor.data.slice() };
  });
  const sink = { write: (b: Uint8Array) => b.length };
  const notCompiled = activate(session, () => {
    kept.pyodide.setStdout(sink);
    return JSON.parse(
      runtime.train_begin(
        JSON.stringify(cells),
        JSON.stringify(params.map((p) => [p.id, gradOf.get(p.id)!])),
        JSON.stringify([...pairs]),
        lossExpression(graph),
        o.lr,
      ),
    ) as { cell: number; line: number; message: string } | null;
  });
  if (notCompiled) {
    throw new TrainSetupError(
      `${placeText(nb, notCompiled)} has a syntax error (${notCompiled.message}): fix it before training`,
    );
  }
  let done = 0;
  return {
    get done() {
      return done;
    },
    run(count: number): TrainChunk {
      // The chunk ends on a check step when one falls inside it.
      const toCheck = o.checkEvery - (done % o.checkEvery);
      const n = Math.max(1, Math.min(count, toCheck));
      const r = activate(session, () => {
        kept.pyodide.setStdout(sink);
        return JSON.parse(runtime.train_steps(n, n === toCheck)) as {
          losses: (number | null)[];
          check: [string, string, number | null, boolean][] | null;
          error: unknown;
        };
      });
      done += r.losses.length;
      return {
        losses: r.losses,
        check: r.check
          ? { step: done, rows: r.check.map(([grad, target, maxdiff, ok]) => ({ grad, target, maxdiff, ok })) }
          : null,
        error: r.error ? errorText(nb, toError(r.error)) : null,
      };
    },
    finish() {
      for (const s of saved) s.tensor.data.set(s.data);
    },
  };
}

/** The loss as Python can read it back: the graph's output node (`loss`). */
function lossExpression(graph: Graph): string {
  return graph.output;
}
