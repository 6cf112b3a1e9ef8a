/**
 * Records a forward pass written as named statements into a Graph (see graph/types.ts).
 *
 *   const rec = new Recorder();
 *   rec.leaf('C', C, 'parameter');
 *   const emb = rec.statement('emb = C[Xb]', () => embedding(C, Xb));
 *
 * Every op run inside a statement becomes a node; the op producing the statement's result is named after
 * the statement's target, the others are its anonymous intermediates (grouped under it). Expansions are
 * not nodes: they become the broadcast annotations of the edge they feed.
 */
import type { BroadcastInfo, Graph, GraphNode } from '../graph/types';
import { withListener, type Attrs, type OpListener } from '../ops/op';
import { TensorError } from '../tensor/errors';
import { expansionDims } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';

interface OpenStatement {
  text: string;
  target: string;
  line: number;
  nodes: GraphNode[];
  count: number;
}

/** `counts_sum_inv = counts_sum**-1` → `counts_sum_inv`; also accepts `x += ...` targets. */
export function statementTarget(text: string): string {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\+|-|\*|\/)?=(?!=)/.exec(text);
  if (!m) throw new Error(`statement has no assignment target: ${text}`);
  return m[1];
}

export class Recorder implements OpListener {
  private readonly nodes: GraphNode[] = [];
  private readonly source: string[] = [];
  private readonly ids = new Map<Tensor, string>();
  /** Expanded tensor → the tensor it was expanded from. */
  private readonly expandedFrom = new Map<Tensor, Tensor>();
  private open: OpenStatement | null = null;
  /** Named tensors, for callers that want them back by name. */
  readonly named = new Map<string, Tensor>();

  /** Registers a parameter or a data tensor the pass reads. */
  leaf(name: string, t: Tensor, kind: 'parameter' | 'data'): Tensor {
    this.claim(name);
    this.ids.set(t, name);
    this.named.set(name, t);
    this.nodes.push({
      id: name,
      name,
      kind,
      op: null,
      attrs: {},
      inputs: [],
      shape: [...t.shape],
      dtype: t.dtype,
      statement: null,
      line: null,
      group: null,
      broadcasts: [],
    });
    return t;
  }

  /** Runs one statement of the forward pass, recording its ops; returns its result. */
  statement(text: string, fn: () => Tensor): Tensor {
    if (this.open) throw new Error(`statements cannot nest: \`${text}\` inside \`${this.open.text}\``);
    const target = statementTarget(text);
    this.claim(target);
    this.open = { text, target, line: this.source.length, nodes: [], count: 0 };
    this.source.push(text);
    let result: Tensor;
    try {
      result = withListener(this, fn);
    } finally {
      this.open = null;
    }
    this.nameResult(text, target, result);
    return result;
  }

  currentStatement(): string | null {
    return this.open?.text ?? null;
  }

  onOp(op: string, inputs: readonly Tensor[], out: Tensor, attrs: Attrs, silent: boolean): void {
    const st = this.open;
    if (!st) return;
    if (silent) {
      // An expansion: remember where it came from; its consumer's edge carries the annotation.
      this.expandedFrom.set(out, this.origin(inputs[0]));
      return;
    }
    const broadcasts: BroadcastInfo[] = [];
    const inputIds = inputs.map((t, k) => {
      const src = this.origin(t);
      const id = this.ids.get(src);
      if (id === undefined) {
        throw new TensorError(
          op,
          `operand ${k} was not recorded: register it with leaf() or compute it in an earlier statement`,
          st.text,
        );
      }
      if (src !== t) {
        const { dims, prepended, stretched } = expansionDims(src.shape, t.shape);
        broadcasts.push({ input: k, inputId: id, from: [...src.shape], to: [...t.shape], dims, prepended, stretched });
      }
      return id;
    });
    const id = `${st.target}/${op}#${++st.count}`;
    const node: GraphNode = {
      id,
      name: op,
      kind: 'op',
      op,
      attrs: { ...attrs },
      inputs: inputIds,
      shape: [...out.shape],
      dtype: out.dtype,
      statement: st.text,
      line: st.line,
      group: st.target,
      broadcasts,
    };
    this.ids.set(out, id);
    st.nodes.push(node);
    this.nodes.push(node);
  }

  /** The recorded graph, ready to serialise; `output` is the node backprop starts from. */
  graph(output: string): Graph {
    if (!this.nodes.some((n) => n.id === output)) throw new Error(`graph has no node named ${output}`);
    return { version: 1, source: [...this.source], nodes: this.nodes.map((n) => structuredClone(n)), output };
  }

  private origin(t: Tensor): Tensor {
    return this.expandedFrom.get(t) ?? t;
  }

  private claim(name: string): void {
    if (this.named.has(name)) throw new Error(`${name} is recorded twice`);
  }

  /** Turns the node that produced the statement's result into the named tensor node. */
  private nameResult(text: string, target: string, result: Tensor): void {
    const oldId = this.ids.get(result);
    const node = this.nodes.find((n) => n.id === oldId);
    if (!node || node.statement !== text) {
      throw new Error(`\`${text}\` must compute a new tensor with at least one op`);
    }
    node.id = target;
    node.name = target;
    node.kind = 'tensor';
    node.group = null;
    for (const n of this.nodes) {
      n.inputs = n.inputs.map((i) => (i === oldId ? target : i));
      for (const b of n.broadcasts) if (b.inputId === oldId) b.inputId = target;
    }
    this.ids.set(result, target);
    this.named.set(target, result);
  }
}
