/** How a notebook run's stage reads in the bar. */
import type { PythonStage } from '../worker/python-protocol';

export function stageText(s: PythonStage): string {
  return s.stage === 'loading' ? 'starting Python (first notebook only)…' : `running cell ${s.cell + 1} of ${s.cells}…`;
}
