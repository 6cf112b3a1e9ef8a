/**
 * The recorded Graph as the view draws it: a statement's anonymous intermediates fold into its named node
 * unless that statement is expanded, and every edge carries the shape flowing along it and, where the op
 * broadcast that operand, the broadcast itself, which is the only edge label drawn: measured on the lecture
 * graph, dropping the plain shape labels (each repeats its source node's title) is what lets the whole
 * graph fit a 1280×720 window readably. Pure data; sizes come from text-metrics and marks.
 */
import type { BroadcastInfo, Graph, GraphNode, NodeKind } from '../../core/graph/types';
import { formatBroadcast, formatShape } from './format';
import { textWidth } from './text-metrics';
import { LABEL, NODE } from './marks';

export interface ViewNode {
  id: string;
  name: string;
  kind: NodeKind;
  op: string | null;
  shape: number[];
  line: number | null;
  statement: string | null;
  /** `counts_sum_inv · 32×1` */
  title: string;
  /** The op line under the title: the statement's ops in order when folded, or the kind of a leaf. */
  subtitle: string;
  /** Ids of the statement's anonymous intermediates (empty: nothing to expand). */
  members: string[];
  expanded: boolean;
  width: number;
  height: number;
}

export interface ViewEdge {
  id: string;
  source: string;
  target: string;
  /** Shape of the value flowing along the edge (the operand's own shape). */
  shape: number[];
  broadcast: BroadcastInfo | null;
  /** The broadcast (`32×1 → 32×27, dim 1`), else the shape; drawn only for broadcasts (see `labelled`). */
  label: string;
  /** Whether the graph draws the label: broadcasts only, since a plain edge's shape is its source's, already in the source's title. */
  labelled: boolean;
  /** The drawn label's size (0 when not drawn), so the layout leaves room for it. */
  labelWidth: number;
  labelHeight: number;
}

export interface ViewGraph {
  nodes: ViewNode[];
  edges: ViewEdge[];
}

/** Named statements that have anonymous intermediates, by named node id. */
export function groupMembers(graph: Graph): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const n of graph.nodes) if (n.group) groups.set(n.group, [...(groups.get(n.group) ?? []), n.id]);
  return groups;
}

function subtitle(n: GraphNode, members: GraphNode[], expanded: boolean): string {
  if (n.kind === 'parameter' || n.kind === 'data') return n.kind;
  if (members.length === 0 || expanded) return n.op ?? '';
  return [...members.map((m) => m.op), n.op].join(' → ');
}

/** Where a node is drawn: itself, or its named node when it is an intermediate of a folded statement. */
export function visibleNodeOf(graph: Graph, expanded: ReadonlySet<string>): (id: string) => string {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  return (id) => {
    const n = byId.get(id);
    return n?.group && !expanded.has(n.group) ? n.group : id;
  };
}

export function buildViewGraph(graph: Graph, expanded: ReadonlySet<string>): ViewGraph {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const groups = groupMembers(graph);
  const shownAs = visibleNodeOf(graph, expanded);

  const nodes: ViewNode[] = [];
  for (const n of graph.nodes) {
    if (shownAs(n.id) !== n.id) continue;
    const memberIds = n.kind === 'tensor' ? (groups.get(n.id) ?? []) : [];
    const isExpanded = memberIds.length > 0 && expanded.has(n.id);
    const title = `${n.name} · ${formatShape(n.shape)}`;
    const sub = subtitle(
      n,
      memberIds.map((m) => byId.get(m)!),
      isExpanded,
    );
    const width = Math.max(textWidth(title, NODE.titlePx), textWidth(sub, NODE.subtitlePx)) + NODE.padX;
    nodes.push({
      id: n.id,
      name: n.name,
      kind: n.kind,
      op: n.op,
      shape: n.shape,
      line: n.line,
      statement: n.statement,
      title,
      subtitle: sub,
      members: memberIds,
      expanded: isExpanded,
      width,
      height: NODE.height,
    });
  }

  const edges: ViewEdge[] = [];
  const seen = new Map<string, number>();
  for (const n of graph.nodes) {
    const target = shownAs(n.id);
    n.inputs.forEach((inputId, k) => {
      const source = shownAs(inputId);
      if (source === target) return; // inside a folded statement
      const broadcast = n.broadcasts.find((b) => b.input === k) ?? null;
      const key = `${source}->${target}`;
      const count = seen.get(key) ?? 0;
      const id = count === 0 ? key : `${key}#${count}`;
      seen.set(key, count + 1);
      const shape = byId.get(inputId)!.shape;
      const label = broadcast ? formatBroadcast(broadcast) : formatShape(shape);
      edges.push({
        id,
        source,
        target,
        shape,
        broadcast,
        label,
        labelled: broadcast !== null,
        labelWidth: broadcast ? textWidth(label, LABEL.fontPx) + LABEL.padX : 0,
        labelHeight: broadcast ? LABEL.height : 0,
      });
    });
  }
  return { nodes, edges };
}
