/**
 * What the notebook runtime remembers about the tensors a Python run makes: for every op result, the op,
 * its inputs and attributes, and where in the learner's code it ran (cell, line, which execution of that
 * statement); the names the learner gave tensors; and every gradient autograd computed. All of it lives as long
 * as its tensor (a field of the tensor: Tensor.notes), so a 300-step training loop keeps only what is still alive.
 */
import type { Attrs, OpListener } from '../ops/op';
import type { Tensor } from '../tensor/tensor';

/** Where a statement of the learner's code ran: cell index, line (file line for .py, cell line for .ipynb). */
export interface Loc {
  cell: number;
  line: number;
  /** Counts statement executions, so the same line run twice (a loop) is two statements. */
  serial: number;
}

export interface OpMeta {
  op: string;
  inputs: readonly Tensor[];
  attrs: Attrs;
  silent: boolean;
  loc: Loc | null;
  /** 1-based position among the non-silent ops of the same statement execution (the recorder's `#k`). */
  k: number;
  /** Creation order, for a stable node order. */
  order: number;
}

/**
 * Creation order, counted for every tracker alike (a tensor keeps its place in `Tensor.order`): only the order of
 * two tensors is ever compared, and one run's tensors are all made after an earlier run's.
 */
let made = 0;

/**
 * What one tracker remembers of a tensor: the op that made it, the gradient autograd computed for it and the
 * learner's name for it. Kept on the tensor (Tensor.notes), marked with its tracker, rather than in WeakMaps: an
 * op's record holds its inputs and a gradient its own op's, each the key of another entry, and V8's full
 * collections walk such chains of WeakMap entries over and over (after part 3's training, 130 ms a collection,
 * and its evaluation cell makes dozens); and a loop naming a new tensor every statement paid for each WeakMap
 * insertion. Either way a note lives exactly as long as its tensor.
 */
interface Notes {
  owner: Tracker;
  meta: OpMeta | undefined;
  grad: Tensor | undefined;
  name: string | undefined;
}

/** One kind of note as a map keyed by tensor (the WeakMap interface the tracker's readers use). */
class NoteMap<K extends 'meta' | 'grad' | 'name'> {
  constructor(
    private readonly owner: Tracker,
    private readonly kind: K,
  ) {}

  get(t: Tensor): Notes[K] {
    const n = t.notes as Notes | null;
    return n !== null && n.owner === this.owner ? n[this.kind] : undefined;
  }

  has(t: Tensor): boolean {
    return this.get(t) !== undefined;
  }

  set(t: Tensor, value: NonNullable<Notes[K]>): void {
    let n = t.notes as Notes | null;
    if (n === null || n.owner !== this.owner)
      t.notes = n = { owner: this.owner, meta: undefined, grad: undefined, name: undefined };
    n[this.kind] = value;
  }

  delete(t: Tensor): void {
    const n = t.notes as Notes | null;
    if (n !== null && n.owner === this.owner) n[this.kind] = undefined;
  }
}

export class Tracker implements OpListener {
  readonly meta = new NoteMap(this, 'meta');
  readonly names = new NoteMap(this, 'name');
  /** Every gradient any backward() computed, for checks against autograd. */
  readonly grads = new NoteMap(this, 'grad');
  /** An in-place op done out of place: the old tensor belongs to the new one's statement in the graph. */
  readonly replacedBy = new WeakMap<Tensor, Tensor>();
  /** The last scalar that requires grad: the graph's root when the notebook never calls backward(). */
  lastScalar: Tensor | null = null;
  private loc: Loc | null = null;
  private serial = 0;
  private opsInStatement = 0;

  /** Called by the bridge before each op the Python side forwards (null: not from the learner's code). */
  at(cell: number, line: number): void {
    if (this.loc === null || this.loc.cell !== cell || this.loc.line !== line) this.newStatement(cell, line);
  }

  /** An assignment just finished: the next op starts a new statement execution, even on the same line. */
  statementDone(): void {
    this.loc = null;
  }

  /** Gives t its place in the creation order, unless it has one (leaves, made by factories, get theirs here). */
  birth(t: Tensor): void {
    if (t.order === 0) t.order = ++made;
  }

  orderOf(t: Tensor): number {
    return this.meta.get(t)?.order ?? t.order;
  }

  /** First name wins: `layers[0].out` stays that even when a caller later binds the same tensor to `x`. */
  name(t: Tensor, name: string): void {
    if (this.names.has(t)) return;
    this.names.set(t, name);
  }

  onOp(op: string, inputs: readonly Tensor[], out: Tensor, attrs: Attrs, silent: boolean): void {
    const k = silent ? 0 : ++this.opsInStatement;
    // Only autograd's graph is ever drawn (capture.ts walks creators), and expansions are looked through on its
    // edges. Remembering the inputs of any other op would keep them alive as long as its result: evaluating a
    // loss on 182,000 rows under no_grad would hold every intermediate, where PyTorch frees each at once.
    this.birth(out);
    if (!silent && out.creator === null) return;
    this.meta.set(out, { op, inputs, attrs: { ...attrs }, silent, loc: this.loc, k, order: out.order });
    for (const x of inputs) x.held = true; // the inputs are kept as long as out
    if (out.requiresGrad && out.size === 1 && !silent) this.lastScalar = out;
  }

  private newStatement(cell: number, line: number): void {
    this.loc = { cell, line, serial: ++this.serial };
    this.opsInStatement = 0;
  }
}
