/** Where a tensor was broadcast before an op read it: the fact most shape and ≈0 diagnoses start from. */
import type { GraphIndex } from '../backprop/graph-index';
import type { BroadcastInfo, GraphNode } from '../graph/types';

export interface BroadcastUse {
  node: GraphNode;
  info: BroadcastInfo;
  /** The statement of the op that broadcast it, as the learner wrote it. */
  statement: string;
}

/** Every op that broadcast `target` before using it, in forward order. */
export function broadcastsOf(ix: GraphIndex, target: string): BroadcastUse[] {
  return ix
    .uses(target)
    .flatMap(({ node, input }) =>
      node.broadcasts
        .filter((b) => b.input === input)
        .map((info) => ({ node, info, statement: ix.statement(node.id) })),
    );
}
