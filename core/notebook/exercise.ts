/**
 * Exercise mode: the learner writes the backward pass themselves, and every statement of their backward cell
 * is judged against autograd as they type. The notebook runs once (the forward pass, its backward()); the
 * learner's globals are saved before each exercise cell, so a check restores them and re-runs only that cell,
 * one top-level statement at a time: a syntax error marks its own statement, the ones before keep their verdicts.
 */
import { judge, withAliases } from './checks';
import {
  activate,
  diagnosisContext,
  evenIfStopped,
  nodeIdOf,
  runAndKeep,
  toError,
  type KeptRun,
  type PythonRuntime,
  type RunOptions,
} from './run';
import type { Check, Notebook, NotebookCell, NotebookRun, PythonError } from './types';
import type { BackwardCheck, ExerciseCell, LineVerdict, LineVerdictKind, ManualGradient } from './exercise-types';
import { readsOf, rightForItsName, upstreamOf, type GradientStatement, type JudgedGradient } from '../diagnose/blame';
import { tensorNameOf } from '../diagnose/grad-name';
import { sharedNames } from '../diagnose/alias-story';
import { cellFilename, cellText } from './coords';
import { analyzeSource, writesOrChecksGradients, type GradientWrite, type SourceAnalysis } from './source-analysis';
import { sameShape } from '../tensor/shape';
import { startTraining, type Trainer, type TrainOptions } from './exercise-train';

export interface ExerciseOptions extends RunOptions {
  /** Blank the exercise cells' gradient lines, keeping their cmp calls commented out (the sample's exercise). */
  blank?: boolean;
  /** Seconds one statement of a check may run before it is stopped (an endless loop); default 10. */
  timeLimit?: number;
}

export interface ExerciseSession {
  /** The notebook's run (graph, tensors with autograd's gradients, checks) with the exercise cells as they start. */
  readonly run: NotebookRun;
  /** The cells the learner writes gradients in. */
  readonly cells: ExerciseCell[];
  /** Re-runs one exercise cell with new source (the forward pass is not re-run) and judges each statement. */
  check(cell: number, source: string): BackwardCheck;
  /** Exercise 4: trains with that cell's lines as the backward pass (throws TrainSetupError when it cannot). */
  train(options: TrainOptions): Trainer;
  /** The run behind it, whose cells can be run again (the app's Shift+Enter). */
  readonly kept: KeptRun;
}

/** One top-level statement of a cell as the Python half plans it (lines 1-based within the cell). */
interface Planned {
  line: number;
  end: number;
  writes: string[];
  reads: string[];
  error: Record<string, unknown> | null;
  /** The gradients it writes by hand, from the one reading of the source (_bp_source.py). */
  grads: GradientWrite[];
}

interface Ran {
  writes: [name: string, handle: number, type: string][];
  error: unknown;
}

export function startExercise(rt: PythonRuntime, nb: Notebook, options: ExerciseOptions): ExerciseSession {
  // Which cells are exercise cells is decided once, from the one reading of each cell after the first
  // backward(): one that writes gradients or checks them is a candidate (its globals are saved before it runs,
  // and the sample's are blanked); after the run, those whose gradients name the graph's tensors are chosen.
  const analyses = new Map<number, SourceAnalysis>();
  let candidates: number[] = [];
  const end = nb.cells.length;
  const kept = runAndKeep(rt, nb, options, {
    rewrite(cells, runtime) {
      const first = cells.findIndex((c) => c.kind === 'code' && /\.backward\(/.test(c.source));
      for (const c of cells)
        if (c.kind === 'code' && c.index > first) analyses.set(c.index, analyzeSource(runtime, c.source));
      candidates = [...analyses].filter(([, a]) => writesOrChecksGradients(a, () => true)).map(([index]) => index);
      if (!options.blank) return cells;
      return cells.map((c) => (candidates.includes(c.index) ? { ...c, source: runtime.blank_cell(c.source) } : c));
    },
    beforeCell(c, runtime) {
      if (candidates.includes(c.index)) runtime.save_state(c.index);
    },
  });
  const { run, runtime } = kept;
  const cellsNow = new Map(run.cells.map((c) => [c.index, c.source]));
  evenIfStopped(() =>
    withSession(kept, () => {
      runtime.save_state(end);
      runtime.set_time_limit(options.timeLimit ?? 10);
    }),
  );

  const nodeIds = new Set((run.graph?.nodes ?? []).filter((n) => n.kind !== 'op').map((n) => n.id));
  const byName = (name: string): string | null => {
    const id = tensorNameOf(name);
    return id !== null && nodeIds.has(id) ? id : null;
  };
  const isExercise = (index: number) => writesOrChecksGradients(analyses.get(index)!, (name) => byName(name) !== null);
  const chosen = run.graph ? candidates.filter(isExercise) : [];
  const cells: ExerciseCell[] =
    chosen.length > 0
      ? chosen.map((index) => ({ cell: index, title: titleOf(nb, index), source: cellsNow.get(index)! }))
      : run.graph
        ? [{ cell: end, title: 'Backward pass', source: starterCell(run) }]
        : [];

  const check = (cell: number, source: string): BackwardCheck =>
    withSession(kept, () => checkCell(kept, nb, cellsNow, byName, cell, source));
  const train = (o: TrainOptions): Trainer =>
    startTraining(
      {
        kept,
        nb,
        cellsNow,
        pairs: (source) => {
          const pairs = withSession(kept, () => cmpPairs(kept, new Map([...cellsNow, [o.cell, source]])));
          for (const st of analyzeSource(runtime, source).statements) {
            for (const { name } of st.grads) {
              const id = byName(name);
              if (id && !pairs.has(name)) pairs.set(name, id);
            }
          }
          return pairs;
        },
      },
      o,
    );
  return { run, cells, check, train, kept };
}

/** The `_bpcore` calls of the Python side reach this exercise's session again (as during its run). */
const withSession = <T>(kept: KeptRun, fn: () => T): T => activate(kept.session, fn);

function checkCell(
  kept: KeptRun,
  nb: Notebook,
  cellsNow: Map<number, string>,
  byName: (name: string) => string | null,
  cell: number,
  source: string,
): BackwardCheck {
  const t0 = performance.now();
  const { session, runtime } = kept;
  const { pyodide } = kept;
  let stdout = '';
  const decoder = new TextDecoder();
  pyodide.setStdout({
    write: (buf: Uint8Array) => {
      stdout += decoder.decode(buf, { stream: true });
      return buf.length;
    },
  });
  const info = cellInfo(nb, cell);
  prepareState(kept, nb, cellsNow, cell);
  cellsNow.set(cell, source);
  runtime.drop_states_after(cell);

  const plan = JSON.parse(runtime.exercise_begin(cell, cell, source, info.filename, info.firstLine)) as Planned[];
  // From here on the collector is off until exercise_end: whatever throws (a Stop included) turns it back on.
  const lines: LineVerdict[] = [];
  const handles = new Map<string, number>();
  let error: PythonError | null = null;
  const checks: Check[] = [];
  const offset = info.firstLine - 1;
  let pairs = new Map<string, string>();
  const targetOf = (name: string) => pairs.get(name) ?? byName(name);
  try {
    pairs = cmpPairs(kept, cellsNow, cell);

    // What the one blame reads (core/diagnose/blame.ts): the statements run so far and the gradients judged.
    const written: GradientStatement[] = [];
    const judgedSoFar: JudgedGradient[] = [];
    // Every gradient name bound so far with its tensor, in order: names that share one tensor (alias-story.ts).
    const bound: { name: string; handle: number }[] = [];
    const here = (line: number) => ({ cell, line });
    const ctx = diagnosisContext(session, pyodide);
    session.onCheck = (c) => checks.push(c);
    for (let i = 0; i < plan.length; i++) {
      const p = plan[i];
      const gradsHere = p.writes.filter((w) => targetOf(w));
      if (error) {
        if (gradsHere.length > 0 || /cmp/.test(p.reads.join(' ')))
          lines.push(
            verdictLine(p, 'pending', gradsHere[0] ?? null, null, null, `not run: line ${error.line} stopped the cell`),
          );
        continue;
      }
      if (p.error) {
        error = relative(toError(p.error), offset);
        lines.push(verdictLine(p, 'error', null, null, null, `${error.type}: ${error.message}`));
        continue;
      }
      checks.length = 0;
      const ran = JSON.parse(runtime.exercise_step(i)) as Ran;
      if (ran.error) {
        error = relative(toError(ran.error), offset);
        lines.push(verdictLine(p, 'error', gradsHere[0] ?? null, null, null, `${error.type}: ${error.message}`));
        continue;
      }
      const judged: LineVerdict[] = [];
      written.push({ at: here(p.line), writes: ran.writes.map(([name]) => name), reads: p.reads });
      for (const [name, handle, type] of ran.writes) {
        const target = targetOf(name);
        if (!target) continue;
        const later = plan.slice(i + 1).find((q) => q.writes.includes(name) && !q.error);
        const manual = handle >= 0 ? session.bridge.tensorOf(handle) : null;
        if (!manual) {
          judged.push(verdictLine(p, 'error', name, target, null, `${name} is a ${type}, not a tensor`));
          judgedSoFar.push({ name, at: here(p.line), ok: false });
          continue;
        }
        handles.set(name, handle);
        bound.push({ name, handle });
        const upstream = upstreamOf(name, here(p.line), written, judgedSoFar, (at) => `line ${at.line}`);
        const upstreamTensors = readsOf(name, here(p.line), written).flatMap((r) => {
          const t = r === name ? null : targetOf(r);
          return t ? [t] : [];
        });
        const tensor = session.captured!.tensors.get(target)!;
        const c = judge({
          label: target,
          cell,
          line: p.line,
          manual,
          manualName: name,
          target: tensor,
          targetName: target,
          autograd: session.grads.get(tensor) ?? null,
          context: ctx ? { ...ctx, upstream, upstreamTensors } : null,
        });
        const done = c.verdict === 'exact' || c.verdict === 'approx';
        judgedSoFar.push({ name, at: here(p.line), ok: rightForItsName(name, c.verdict, c.diagnosis) });
        if (later && !done) {
          judged.push(
            verdictLine(
              p,
              'pending',
              name,
              target,
              c.maxdiff,
              `${name} is still being built: line ${later.line} writes it again`,
            ),
          );
        } else
          judged.push({ ...verdictLine(p, c.verdict, name, target, c.maxdiff, c.message), diagnosis: c.diagnosis });
      }
      for (const check of checks) {
        const c = check.grad_name ? withAliases(check, sharedNames(check.grad_name, bound)) : check;
        // A cmp says what the gradient's own line says, so the two never disagree; unless the value changed
        // since through another name for the same tensor (alias-story.ts): the cmp sees it as it is now.
        const own = c.grad_name ? judgedSoFar.some((j) => j.name === c.grad_name) : false;
        const mine = own
          ? lines
              .concat(judged)
              .filter((l) => l.grad === c.grad_name)
              .pop()
          : undefined;
        judged.push(
          mine && c.diagnosis?.kind !== 'alias'
            ? { ...mine, line: p.line, endLine: p.end, accumulate: false, checksOnly: true }
            : { ...verdictLine(p, c.verdict, c.grad_name, c.target, c.maxdiff, c.message), diagnosis: c.diagnosis },
        );
      }
      if (judged.length > 0) lines.push(worst(judged));
    }
  } finally {
    session.onCheck = null;
    runtime.exercise_end();
  }
  const manual: Record<string, ManualGradient> = {};
  for (const [name, handle] of handles) {
    const t = session.bridge.tensorOf(handle);
    const target = targetOf(name);
    const own = target ? session.captured?.tensors.get(target) : null;
    if (t && own && target && sameShape(t.shape, own.shape))
      manual[target] = { shape: [...t.shape], data: Array.from(t.data) };
  }
  return { cell, lines, error, stdout, manual, elapsed: performance.now() - t0 };
}

/**
 * Gradient name → graph node from every cmp the notebook writes, commented out or not; where cells pair a name
 * differently (a second try at the backward pass), the cmp of the cell being checked (`first`) says it.
 */
function cmpPairs(kept: KeptRun, cellsNow: ReadonlyMap<number, string>, first?: number): Map<string, string> {
  const { runtime, session, pyodide } = kept;
  const pairs = new Map<string, string>();
  const sources = [...cellsNow].sort(([a], [b]) => Number(b === first) - Number(a === first)).map(([, s]) => s);
  for (const [name, handle] of JSON.parse(runtime.cmp_pairs(pyodide.toPy(sources))) as [string, number][]) {
    const t = session.bridge.tensorOf(handle);
    const id = t ? nodeIdOf(session, t) : null;
    if (id && !pairs.has(name)) pairs.set(name, id);
  }
  return pairs;
}

/** Makes sure the globals before `cell` are saved, re-running the cells between from the last saved state. */
function prepareState(kept: KeptRun, nb: Notebook, cellsNow: Map<number, string>, cell: number) {
  const { runtime } = kept;
  if (runtime.has_state(cell)) return;
  const from = [...cellsNow.keys(), nb.cells.length]
    .filter((k) => k < cell && runtime.has_state(k))
    .sort((a, b) => b - a)[0];
  if (from === undefined) throw new Error(`no saved state before ${cellText(nb.cells, cell)}`);
  for (let k = from; k < cell; k++) {
    const c = nb.cells[k];
    if (!c || c.kind !== 'code') continue;
    if (k !== from) runtime.save_state(k);
    const info = cellInfo(nb, k);
    // exercise_begin pauses Python's cyclic collector: exercise_end must turn it on again whatever happens.
    try {
      const plan = JSON.parse(
        runtime.exercise_begin(k, k, cellsNow.get(k) ?? c.source, info.filename, info.firstLine),
      ) as Planned[];
      for (let i = 0; i < plan.length && !plan[i].error; i++) {
        const ran = JSON.parse(runtime.exercise_step(i)) as Ran;
        if (ran.error) break;
      }
    } finally {
      runtime.exercise_end();
    }
  }
  runtime.save_state(cell);
}

function cellInfo(nb: Notebook, cell: number): { filename: string; firstLine: number } {
  const c: NotebookCell | undefined = nb.cells[cell];
  return { filename: cellFilename(nb, cell), firstLine: nb.format === 'py' ? (c?.firstLine ?? 1) : 1 };
}

function relative(e: PythonError, offset: number): PythonError {
  return { ...e, line: Math.max(1, e.line - offset) };
}

function verdictLine(
  p: Planned,
  verdict: LineVerdictKind,
  grad: string | null,
  target: string | null,
  maxdiff: number | null,
  message: string,
): LineVerdict {
  // `dX += …`, `dX[ix] = …` and a loop add to a gradient already there (the step panel says so).
  const accumulate = p.grads.some((g) => g.name === grad && g.accumulate);
  return { line: p.line, endLine: p.end, verdict, grad, target, maxdiff, message, diagnosis: null, accumulate };
}

const RANK: Record<LineVerdictKind, number> = { error: 5, shape: 4, wrong: 3, pending: 2, approx: 1, exact: 0 };

function worst(lines: LineVerdict[]): LineVerdict {
  return lines.reduce((a, b) => (RANK[b.verdict] > RANK[a.verdict] ? b : a));
}

/** The exercise cell's title: the markdown heading above it, or its own first comment. */
function titleOf(nb: Notebook, index: number): string {
  const above = nb.cells[index - 1];
  const heading = above?.kind === 'markdown' ? /^#+\s*(.+)$/m.exec(above.source)?.[1] : undefined;
  if (heading) return heading.trim();
  // A first comment names the cell only when it says which exercise it is; any other is just a comment.
  const comment = /^\s*#\s*(.+)$/m.exec(nb.cells[index]?.source ?? '')?.[1];
  return comment && /exercise/i.test(comment) ? comment.replace(/[,:;]\s*$/, '').trim() : `Cell ${index + 1}`;
}

/** For a notebook without a backward cell: a commented cmp for every named tensor, from the loss back. */
function starterCell(run: NotebookRun): string {
  const g = run.graph!;
  const named = g.nodes.filter((n) => n.kind === 'tensor' || n.kind === 'parameter').filter((n) => n.id !== g.output);
  const lines = named.reverse().map((n) => `# cmp('${n.id}', d${n.id}, ${n.id})`);
  return ['# Your backward pass: one line per gradient, from the loss back', '', ...lines].join('\n');
}
