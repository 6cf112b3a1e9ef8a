/** An autograd check during training, as one sentence: every gradient agrees, or which ones differ and by how much. */
import type { TrainCheckRow } from '../../core/notebook/exercise-train';

export interface TrainCheck {
  step: number;
  rows: TrainCheckRow[];
}

/** 0.087, 3.1e-5: two significant digits, as a learner compares magnitudes. */
export function formatMaxdiff(x: number): string {
  if (x === 0) return '0';
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? String(Number(x.toPrecision(2))) : x.toExponential(1);
}

function difference(r: TrainCheckRow): string {
  return r.maxdiff === null
    ? `${r.grad} is not a tensor of ${r.target}'s shape`
    : `maxdiff ${formatMaxdiff(r.maxdiff)}`;
}

/** "step 200: all 26 gradients agree with autograd" or "step 200: dbnbias differs from autograd (maxdiff 0.087)". */
export function checkSentence(c: TrainCheck): string {
  const wrong = c.rows.filter((r) => !r.ok);
  if (wrong.length === 0) {
    const n = c.rows.length;
    return `step ${c.step}: ${n === 1 ? 'the 1 gradient agrees' : `all ${n} gradients agree`} with autograd`;
  }
  const names = wrong.map((r) => r.grad);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  const verb = names.length === 1 ? 'differs' : 'differ';
  return `step ${c.step}: ${list} ${verb} from autograd (${wrong.map(difference).join('; ')})`;
}
