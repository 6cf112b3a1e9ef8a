/**
 * The lecture's own manual backward lines, by gradient, for a graph that is the lecture's forward pass (the
 * bundled sample, or a learner's copy of the exercise notebook): exercise mode's last hint shows these rather
 * than the learner's own lines. A graph counts as the lecture's when its named tensors and parameters are
 * exactly the lecture's (the 26 gradients of the cmp table, the loss and the batch).
 */
import type { Graph } from '../graph/types';
import { manualSteps } from './manual-backward';
import { CMP_ROWS } from './names';

export function lectureAnswers(graph: Graph): ReadonlyMap<string, string[]> | null {
  const named = new Set(graph.nodes.filter((n) => n.kind !== 'op').map((n) => n.id));
  const expected = new Set<string>([...CMP_ROWS, graph.output, 'Xb', 'Yb']);
  if (named.size !== expected.size || ![...expected].every((id) => named.has(id))) return null;
  const out = new Map<string, string[]>();
  for (const s of manualSteps('atomic')) out.set(s.target, [...(out.get(s.target) ?? []), s.source]);
  return out;
}
