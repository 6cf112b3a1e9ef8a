/**
 * The notebook's own output with the app's verdict beside each line its cmp printed: the learner's cmp says
 * what torch says (`bnmeani | exact: False | approximate: True`), the app may say otherwise (a 64 for a 1×64
 * tensor is a wrong shape: torch.allclose broadcasts, the app compares shapes strictly); where they differ, why.
 */
import type { Check } from '../../core/notebook/types';

export interface OutputLine {
  text: string;
  /** The app's check of the cmp call that printed this line. */
  check: Check | null;
  /** Where the printed result and the app's verdict disagree: the app's sentence saying why. */
  differs: string | null;
}

const printed = (text: string, key: string): boolean | null => {
  const m = new RegExp(`${key}\\W*(True|False)`).exec(text);
  return m ? m[1] === 'True' : null;
};

/** `stdout` split into lines, the checks of the cell (in the order their cmp calls ran) matched to theirs. */
export function annotateOutput(stdout: string, checks: readonly Check[]): OutputLine[] {
  const pending = [...checks];
  return stdout
    .replace(/\n$/, '')
    .split('\n')
    .map((text) => {
      // A cmp prints its label first (`print(f'{s:15s} | exact: ...')`); checks are matched in their order.
      const k = pending.findIndex((c) => new RegExp(`^\\s*${escape(c.label)}(\\s|\\||:|$)`).test(text));
      if (k < 0) return { text, check: null, differs: null };
      const next = pending.splice(0, k + 1)[k];
      const exact = printed(text, 'exact');
      const approx = printed(text, 'approx(?:imate)?');
      const says = exact ? 'exact' : approx ? 'approx' : exact === false && approx === false ? 'wrong' : null;
      const differs = says !== null && says !== next.verdict ? next.message : null;
      return { text, check: next, differs };
    });
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
