/**
 * The order of the steps: a reverse topological order over the named tensors, starting at the output. A
 * tensor's step comes once every statement reading it has its gradient; among the tensors ready at the
 * same time, first ready goes first, then the order they appear in the reading statement — which gives the
 * lecture's own order (`dh`, `dW2`, `db2` after `dlogits`).
 */
import { isNamed, type GraphIndex } from './graph-index';

/** Named tensors (and parameters) a statement reads, in operand order, looking through its anonymous ops. */
function readsOf(ix: GraphIndex, head: string): string[] {
  const out: string[] = [];
  const visit = (id: string): void => {
    for (const i of ix.node(id).inputs) {
      if (!ix.flows(i)) continue;
      if (!isNamed(ix.node(i))) visit(i);
      else if (!out.includes(i)) out.push(i);
    }
  };
  visit(head);
  return out;
}

/**
 * Step targets from the output back to the leaves. `collapsed` tensors get no step; a fused rule makes its
 * `from` read its `to` directly.
 */
export function backwardOrder(
  ix: GraphIndex,
  collapsed: ReadonlySet<string>,
  fused: readonly { from: string; to: string }[],
): string[] {
  const heads = ix.graph.nodes.filter((n) => isNamed(n) && ix.flows(n.id) && !collapsed.has(n.id)).map((n) => n.id);
  const reads = new Map<string, string[]>();
  const pending = new Map<string, number>(heads.map((h) => [h, 0]));
  for (const h of heads) {
    const r = readsOf(ix, h).filter((i) => !collapsed.has(i));
    for (const f of fused) if (f.from === h && !r.includes(f.to)) r.push(f.to);
    reads.set(h, r);
    for (const i of r) pending.set(i, pending.get(i)! + 1);
  }
  const order: string[] = [];
  const queue = [ix.graph.output];
  while (queue.length > 0) {
    const t = queue.shift()!;
    order.push(t);
    for (const i of reads.get(t)!) {
      const left = pending.get(i)! - 1;
      pending.set(i, left);
      if (left === 0) queue.push(i);
    }
  }
  const missing = heads.filter((h) => !order.includes(h));
  if (missing.length > 0) throw new Error(`schedule: no backward path reaches ${missing.join(', ')}`);
  return order;
}
