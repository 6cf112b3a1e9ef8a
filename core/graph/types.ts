/**
 * The recorded forward pass as plain, serialisable data. This is the contract between the core (which records
 * it) and the renderer (which draws it); it is also the `graph` field of the CLI's dump.
 *
 * Every value-producing thing is a node: leaves (parameters and data) and the result of every primitive op.
 * The op whose result a statement assigns to a lecture name is a `tensor` node whose id is that name
 * (`counts_sum_inv`); the anonymous intermediates of the same statement (`embcat @ W1` inside
 * `hprebn = embcat @ W1 + b1`) are `op` nodes whose `group` is that name.
 */

export type Dtype = 'float32' | 'float64' | 'int64';

export type NodeKind = 'parameter' | 'data' | 'op' | 'tensor';

/** One input of an op that PyTorch's broadcasting expanded before the op ran. */
export interface BroadcastInfo {
  /** Position of the broadcast operand among the node's inputs. */
  input: number;
  /** Id of the node that produced the operand. */
  inputId: string;
  /** The operand's own shape (e.g. [32, 1]). */
  from: number[];
  /** The shape it was expanded to (e.g. [32, 27]). */
  to: number[];
  /**
   * Dims of `to` that the expansion created or stretched: exactly the dims its gradient is summed over.
   * Dims that did not exist in `from` (leading dims) are listed too; see `keepdim`.
   */
  dims: number[];
  /** Dims that were size 1 in `from` (summed with keepdim) vs. prepended (summed away). */
  stretched: number[];
  prepended: number[];
}

export type AttrValue = number | boolean | string | number[] | null;

export interface GraphNode {
  /** Lecture name for leaves and named tensors (`W1`, `logits`); `${group}/${op}#k` for anonymous ops. */
  id: string;
  /** What to print on the node: the lecture name, or the op for anonymous intermediates. */
  name: string;
  kind: NodeKind;
  /** Primitive op name (`matmul`, `add`, `sum`, `pow`, `max`, ...); null for leaves. */
  op: string | null;
  /** Op attributes: dim, keepdim, exponent, scalar operand, unbiased, shape, ... */
  attrs: Record<string, AttrValue>;
  /** Ids of the nodes this node reads, in operand order. */
  inputs: string[];
  shape: number[];
  dtype: Dtype;
  /** The forward-pass statement this node came from, e.g. `counts_sum_inv = counts_sum**-1`. */
  statement: string | null;
  /** Index of that statement in `Graph.source` (0-based), or null for leaves defined outside the pass. */
  line: number | null;
  /** For anonymous intermediates: the id of the named tensor of their statement. */
  group: string | null;
  /** One entry per broadcast input (empty when nothing was broadcast). */
  broadcasts: BroadcastInfo[];
  /** Where a notebook ran the statement: cell index and line (the file's line for .py, the cell's for .ipynb). */
  loc?: { cell: number; line: number } | null;
}

export interface Graph {
  version: 1;
  /** The forward pass source, one statement per line, as the lecture writes it. */
  source: string[];
  nodes: GraphNode[];
  /** Id of the node backprop starts from (`loss`). */
  output: string;
}
