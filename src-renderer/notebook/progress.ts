/** How a notebook run's stage, its running cell's time, its loop and its end read in the bar. */
import type { PythonStage } from '../worker/python-protocol';
import type { NotebookRun } from '../../core/notebook/types';
import { cellNumber, cellText, placeText, runningText, type PlaceContext } from '../../core/notebook/coords';

/** The stage of a run about to run the cell at `index` (the worker's and the page's, for "run again"). */
export function runningStage(cells: PlaceContext['cells'], index: number): PythonStage {
  const of = cells.filter((c) => c.kind === 'code').length;
  return { stage: 'running', cell: cellNumber(cells, index), cells: of, index };
}

export function stageText(s: PythonStage): string {
  return s.stage === 'loading' ? 'starting Python…' : runningText(s.cell, s.cells);
}

/** How a run ended, when not at its last cell: `stopped in cell 3`, `NameError in cell 3, line 4`. */
export function endText(run: Pick<NotebookRun, 'format' | 'cells' | 'error'>): string | null {
  if (!run.error) return null;
  return run.error.type === 'KeyboardInterrupt'
    ? `stopped in ${cellText(run.cells, run.error.cell)}`
    : `${run.error.type} in ${placeText(run, run.error)}`;
}

/** Seconds as the bar shows a cell's running time: `4 s`, `2 min 05 s`. */
export function elapsedText(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** A loop's progress: `3,000 / 200,000` (or just the count when the total is unknown), with its label. */
export function loopText(loop: { done: number; total: number; label: string }): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const count = loop.total >= 0 ? `${n(loop.done)} / ${n(loop.total)}` : n(loop.done);
  return loop.label ? `${loop.label} ${count}` : count;
}
