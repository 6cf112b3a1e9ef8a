/**
 * Which recorded graphs autograd is done with. PyTorch frees a graph's saved tensors when backward() runs
 * through it (unless `retain_graph=True`), so a training step's activations go as soon as its update is made.
 * The core cannot free at that moment: the learner's cmp calls and the diagnoses after a backward read the
 * graph it went through. So a graph is spent when the *next* backward runs (a training loop's next step): its
 * results, but not what the new graph also uses, are marked `spent`, and those Python no longer holds go back
 * to the storage pool (core/tensor/reuse.ts) now, the others when Python lets go of them.
 *
 * Never reused: tensors marked `kept` (reuse.ts refuses them): the first backward's graph and gradients (the app
 * draws it and steps through it), a graph backward() went through with `retain_graph=True`, a check's operands. A
 * leaf's `.grad` stays while it is one (the bridge spends it once a later backward replaced it); a retained result's
 * `.grad` goes with its result.
 */
import type { Tensor } from '../tensor/tensor';

/** What holds a graph's tensors besides autograd, as the bridge knows it. */
export interface GraphHolders {
  /** Whether Python has let go of t (or never held it). */
  released(t: Tensor): boolean;
  /** The gradient the tracker keeps for t: autograd's, which checks compare with. */
  gradOf(t: Tensor): Tensor | undefined;
  /** The tracker forgets it (t is spent and Python let go of it: no check can name t any more). */
  forgetGrad(t: Tensor): void;
  /** Hands a spent tensor's storage to the pool (reuse.ts refuses what it must). */
  recycle(t: Tensor): void;
}

export class SpentGraphs {
  /** Results (not leaves) of the last graph backward() went through, until the next one spends them. */
  private last: Tensor[] | null = null;
  private backwards = 0;

  /**
   * After a backward() that reached `reached` (every tensor it computed a gradient for): spends the graph of the
   * one before. Each of its results Python no longer holds goes to the pool, and so does the gradient autograd
   * computed for it (PyTorch keeps a non-leaf's gradient only where retain_grad() asked; a leaf's `.grad` is not
   * spent here), unless a result Python still holds shares that gradient (`a + b` passes one gradient to both).
   */
  afterBackward(reached: Iterable<Tensor>, retainGraph: boolean, holders: GraphHolders): void {
    const now = new Set(reached);
    const before = this.last;
    this.last = null;
    if (before) {
      const spent = before.filter((t) => !now.has(t));
      const held = new Set<Tensor>();
      const grads: Tensor[] = [];
      for (const t of spent) {
        t.spent = true;
        const g = holders.gradOf(t);
        if (t.kept || !holders.released(t)) {
          if (g) held.add(g); // a check may still compare t with it
          continue;
        }
        holders.recycle(t);
        holders.forgetGrad(t);
        if (g) grads.push(g);
      }
      for (const g of grads) {
        if (g.kept || held.has(g) || !holders.released(g)) continue;
        g.spent = true;
        holders.recycle(g);
      }
    }
    // The first graph is the notebook's own, drawn by the app; a retained graph may be gone through again. Their
    // tensors are kept even where a later graph uses them too.
    if (this.backwards++ === 0 || retainGraph) for (const t of now) t.kept = true;
    else this.last = [...now].filter((t) => t.creator !== null);
  }
}
