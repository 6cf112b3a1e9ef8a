/**
 * The forward graph of a Python run: every op that leads to the root (the tensor backward() was called on),
 * read off autograd's links, in the recorded-graph format the lecture uses (graph/types.ts). Nodes are named
 * by the learner's variables; anonymous intermediates are grouped under the named tensor of their
 * statement, as `group/op#k`; expansions become the broadcast annotations of the edge they feed.
 */
import type { BroadcastInfo, Graph, GraphNode, NodeKind } from '../graph/types';
import { expansionDims } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import type { Loc, OpMeta, Tracker } from './tracker';

/** Where each statement came from, for the node's statement text and the code panel. */
export interface StatementSource {
  /** The statement's text without its comment, or null when the location is not the learner's code. */
  text(loc: Loc): string | null;
}

export interface CapturedGraph {
  graph: Graph;
  /** The tensor behind every node id. */
  tensors: Map<string, Tensor>;
}

interface Pending {
  t: Tensor;
  meta: OpMeta | null;
  name: string | null;
  /** The op's inputs with expansions looked through: the nodes its edges come from. */
  sources: Tensor[];
}

export function captureGraph(root: Tensor, tracker: Tracker, source: StatementSource): CapturedGraph {
  const origin = (t: Tensor): Tensor => {
    let x = t;
    for (let m = tracker.meta.get(x); m?.silent; m = tracker.meta.get(x)) x = m.inputs[0];
    return x;
  };
  // Walk autograd's links from the root; a tensor without a creator is a leaf.
  const found = new Map<Tensor, Pending>();
  const stack = [origin(root)];
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (found.has(t)) continue;
    const meta = t.creator ? (tracker.meta.get(t) ?? null) : null;
    const sources = meta ? meta.inputs.map(origin) : [];
    found.set(t, { t, meta, name: tracker.names.get(t) ?? null, sources });
    stack.push(...sources);
  }
  const isLeaf = (p: Pending) => p.meta === null;
  const ordered = [...found.values()].sort(
    (a, b) => Number(isLeaf(b)) - Number(isLeaf(a)) || tracker.orderOf(a.t) - tracker.orderOf(b.t),
  );

  const ids = new Map<Tensor, string>();
  const taken = new Set<string>();
  const unique = (base: string): string => {
    let id = base;
    for (let k = 2; taken.has(id); k++) id = `${base}#${k}`;
    taken.add(id);
    return id;
  };
  // Named tensors and leaves first, so anonymous ids can use their group's id.
  for (const p of ordered) if (p.name !== null || isLeaf(p)) ids.set(p.t, unique(p.name ?? `leaf${ids.size + 1}`));
  const groupOf = groups(ordered, ids, tracker);
  for (const p of ordered) {
    if (ids.has(p.t)) continue;
    const group = groupOf.get(p.t) ?? null;
    const m = p.meta!;
    const stmt = group ?? (m.loc ? `cell${m.loc.cell}:${m.loc.line}` : 'anonymous');
    ids.set(p.t, unique(`${stmt}/${m.op}#${m.k}`));
  }

  const statements: string[] = [];
  const statementIndex = new Map<string, number>();
  const nodes: GraphNode[] = ordered.map((p): GraphNode => {
    const id = ids.get(p.t)!;
    const m = p.meta;
    const kind: NodeKind = m === null ? (p.t.requiresGrad ? 'parameter' : 'data') : p.name !== null ? 'tensor' : 'op';
    let statement: string | null = null;
    let line: number | null = null;
    if (m?.loc) {
      statement = source.text(m.loc);
      if (statement !== null) {
        const key = `${m.loc.cell}:${m.loc.line}`;
        if (!statementIndex.has(key)) statementIndex.set(key, statements.push(statement) - 1);
        line = statementIndex.get(key)!;
      }
    }
    const broadcasts: BroadcastInfo[] = [];
    const inputs = (m?.inputs ?? []).map((raw, k) => {
      const src = origin(raw);
      const inputId = ids.get(src)!;
      if (src !== raw) {
        const { dims, prepended, stretched } = expansionDims(src.shape, raw.shape);
        broadcasts.push({ input: k, inputId, from: [...src.shape], to: [...raw.shape], dims, prepended, stretched });
      }
      return inputId;
    });
    return {
      id,
      name: m === null || p.name !== null ? (p.name ?? id) : m.op,
      kind,
      op: m?.op ?? null,
      attrs: m ? { ...m.attrs } : {},
      inputs,
      shape: [...p.t.shape],
      dtype: p.t.dtype,
      statement,
      line,
      group: kind === 'op' ? (groupOf.get(p.t) ?? null) : null,
      broadcasts,
      loc: m?.loc ? { cell: m.loc.cell, line: m.loc.line } : null,
    };
  });
  const tensors = new Map<string, Tensor>();
  for (const p of ordered) tensors.set(ids.get(p.t)!, p.t);
  return { graph: { version: 1, source: statements, nodes, output: ids.get(origin(root))! }, tensors };
}

/**
 * The group of each anonymous op: the named tensor its statement execution produced, found by following
 * consumers within the same execution (`embcat @ W1` → `hprebn` in `hprebn = embcat @ W1 + b1`).
 */
function groups(ordered: Pending[], ids: Map<Tensor, string>, tracker: Tracker): Map<Tensor, string> {
  const consumers = new Map<Tensor, Pending[]>();
  for (const p of ordered) {
    for (const i of p.sources) consumers.set(i, [...(consumers.get(i) ?? []), p]);
  }
  const out = new Map<Tensor, string>();
  const sameRun = (a: OpMeta, b: OpMeta) => a.loc !== null && b.loc !== null && a.loc.serial === b.loc.serial;
  for (const p of [...ordered].reverse()) {
    if (p.meta === null || ids.has(p.t)) continue;
    const replaced = tracker.replacedBy.get(p.t);
    const hinted = replaced ? (ids.get(replaced) ?? out.get(replaced)) : undefined;
    if (hinted !== undefined) {
      out.set(p.t, hinted);
      continue;
    }
    for (const c of consumers.get(p.t) ?? []) {
      if (!c.meta || !sameRun(c.meta, p.meta)) continue;
      const g = ids.get(c.t) ?? out.get(c.t);
      if (g !== undefined) {
        out.set(p.t, g);
        break;
      }
    }
  }
  return out;
}
