/** How a notebook run's stage, its running cell's time and its loop read in the bar. */
import type { PythonStage } from '../worker/python-protocol';

export function stageText(s: PythonStage): string {
  return s.stage === 'loading' ? 'starting Python…' : `running cell ${s.cell + 1} of ${s.cells}…`;
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
