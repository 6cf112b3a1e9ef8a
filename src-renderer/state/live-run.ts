/**
 * A notebook's run as it streams in (worker/python-protocol.ts's RunEvent): each event gives a new run, so the
 * views (which keep runs as raw state) redraw what changed. The final `done` run replaces it, with everything
 * the run works out at its end (gradients paired by name, blame passed upstream).
 */
import type { NotebookRun, PythonError } from '../../core/notebook/types';
import type { RunEvent } from '../worker/python-protocol';

export function applyRunEvent(run: NotebookRun, e: Exclude<RunEvent, { kind: 'start' | 'loop' }>): NotebookRun {
  switch (e.kind) {
    case 'stdout':
      return withCell(run, e.cell, (c) => ({ ...c, ran: true, stdout: c.stdout + e.text }));
    case 'cell': {
      const next = withCell(run, e.cell.index, () => e.cell);
      return { ...next, figures: e.figures, error: e.cell.error ?? run.error };
    }
    case 'graph':
      return { ...run, graph: e.graph, tensors: e.tensors };
    case 'check': {
      const target = e.check.target;
      const t = target ? run.tensors[target] : undefined;
      const tensors = t && e.manual ? { ...run.tensors, [target!]: { ...t, manual: e.manual } } : run.tensors;
      return { ...run, checks: [...run.checks, e.check], tensors };
    }
    case 'note':
      return run.notes.includes(e.text) ? run : { ...run, notes: [...run.notes, e.text] };
  }
}

/** A cell marked as running (it shows as run, with what it prints arriving). */
export function cellStarted(run: NotebookRun, cell: number): NotebookRun {
  return withCell(run, cell, (c) => ({ ...c, ran: true }));
}

/**
 * The run as it stood when its Python was ended (Stop on a loop Python could not interrupt): the cell that was
 * running carries the KeyboardInterrupt Python would have raised, and later cells stay not run.
 */
export function endedAt(run: NotebookRun, cell: number | null): NotebookRun {
  if (cell === null) return run;
  const error: PythonError = {
    type: 'KeyboardInterrupt',
    message: 'Python was ended (it could not be interrupted) and starts again for the next run',
    cell,
    line: 0,
    traceback: 'KeyboardInterrupt',
  };
  return { ...withCell(run, cell, (c) => ({ ...c, ran: true, error })), error };
}

function withCell(
  run: NotebookRun,
  index: number,
  change: (c: NotebookRun['cells'][number]) => NotebookRun['cells'][number],
) {
  return { ...run, cells: run.cells.map((c) => (c.index === index ? change(c) : c)) };
}
