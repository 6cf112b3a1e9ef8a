/**
 * Which recorded graphs autograd is done with. PyTorch frees a graph's saved tensors when backward() runs
 * through it (unless `retain_graph=True`), so a training step's activations go as soon as its update is made.
 * The core cannot free at that moment: the learner's cmp calls and the diagnoses after a backward read the
 * graph it went through. So a graph is spent when the *next* backward runs (a training loop's next step): its
 * results, but not what the new graph also uses, are marked `spent`, and those Python no longer holds go back
 * to the storage pool (core/tensor/reuse.ts) now, the others when Python lets go of them.
 *
 * Never reused: tensors marked `kept` (reuse.ts refuses them): the first backward's graph (the app draws it and
 * steps through it), a graph backward() went through with `retain_graph=True`, a check's operands, a tensor set
 * as a `.grad`.
 */
import type { Tensor } from '../tensor/tensor';

export class SpentGraphs {
  /** Results (not leaves) of the last graph backward() went through, until the next one spends them. */
  private last: Tensor[] | null = null;
  private backwards = 0;

  /**
   * After a backward() that reached `reached` (every tensor it computed a gradient for): spends the graph of the
   * one before, handing each tensor Python no longer holds (`released`) to `recycle`.
   */
  afterBackward(
    reached: Iterable<Tensor>,
    retainGraph: boolean,
    released: (t: Tensor) => boolean,
    recycle: (t: Tensor) => void,
  ): void {
    const now = new Set(reached);
    const before = this.last;
    this.last = null;
    if (before) {
      for (const t of before) {
        if (now.has(t)) continue;
        t.spent = true;
        if (released(t)) recycle(t);
      }
    }
    // The first graph is the notebook's own, drawn by the app; a retained graph may be gone through again. Their
    // tensors are kept even where a later graph uses them too.
    if (this.backwards++ === 0 || retainGraph) for (const t of now) t.kept = true;
    else this.last = [...now].filter((t) => t.creator !== null);
  }
}
