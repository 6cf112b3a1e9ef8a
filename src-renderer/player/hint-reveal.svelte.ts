/**
 * How many hints the learner has revealed for each backward step, kept while the exercise is open (the
 * step panel remounts on every tab switch; the count must not) and forgotten when it closes.
 */
import { HINT_LEVELS } from '../../core/backprop/hints';

export class HintReveal {
  #shown = $state<Record<string, number>>({});

  /** Levels revealed for the step completing `target` (0 … HINT_LEVELS). */
  shown(target: string): number {
    return Object.hasOwn(this.#shown, target) ? this.#shown[target] : 0;
  }

  /** Reveals the next level; returns the number now shown. */
  reveal(target: string): number {
    const next = Math.min(HINT_LEVELS, this.shown(target) + 1);
    this.#shown[target] = next;
    return next;
  }

  /** The exercise closed: every step starts hidden again. */
  reset(): void {
    this.#shown = {};
  }
}

/** The one reveal state the step panel reads (one exercise is open at a time). */
export const hintReveal = new HintReveal();
