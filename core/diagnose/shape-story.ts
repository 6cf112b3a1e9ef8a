/**
 * Why a gradient has the wrong shape, told from the graph: the tensor was broadcast and its gradient was not
 * summed back (or summed over the wrong dim), or a matrix gradient came out transposed.
 */
import { dimList, reductionText, sumsOver } from '../backprop/shape-words';
import { graphIndexOf, isNamed, type GraphIndex } from '../backprop/graph-index';
import type { Graph } from '../graph/types';
import { formatShape, sameShape } from '../tensor/shape';
import { gradNameOf, namingOf, type GradNaming } from './grad-name';
import type { Diagnosis } from './types';
import { broadcastsOf } from './broadcast-uses';

export function shapeDiagnosis(graph: Graph, target: string, gradName: string, got: readonly number[]): Diagnosis {
  const ix = graphIndexOf(graph);
  const want = ix.node(target).shape;
  const head = `${gradName} is ${formatShape(got)} but ${target} is ${formatShape(want)}`;
  const transpose = transposeStory(ix, target, got, want, namingOf(gradName, target));
  if (transpose) return { kind: 'transpose', message: `${head}: that is its transpose. ${transpose}` };
  for (const use of broadcastsOf(ix, target)) {
    const b = use.info;
    const fix = `${sumsOver(b)} (\`${reductionText(b)}\`)`;
    if (sameShape(got, b.to)) {
      return {
        kind: 'broadcast',
        message: `${head}: it was broadcast to ${formatShape(b.to)} in \`${use.statement}\`, so its gradient sums over ${fix}`,
      };
    }
    const wrong = reducedOver(b.to, got);
    if (wrong) {
      const sameDims = wrong.dims.length === b.dims.length && wrong.dims.every((d, i) => d === b.dims[i]);
      const story = `it was broadcast over ${dimList(b.dims)} in \`${use.statement}\`, so its gradient sums over ${fix}`;
      const why = sameDims
        ? `keepdim ${b.prepended.length === 0 ? 'must be True' : 'must be False'} here`
        : `not over ${dimList(wrong.dims)}`;
      return { kind: 'wrong-dim', message: `${head}: ${story}, ${why}` };
    }
  }
  return { kind: 'shape', message: `${head}: a gradient always has the shape of its tensor` };
}

/** The dims of `to` summed (with or without keepdim) to give `got`, when one such reduction does. */
function reducedOver(to: readonly number[], got: readonly number[]): { dims: number[]; keepdim: boolean } | null {
  const rank = to.length;
  if (rank > 6) return null;
  for (let mask = 1; mask < 1 << rank; mask++) {
    const dims = [...Array(rank).keys()].filter((d) => mask & (1 << d));
    for (const keepdim of [true, false]) {
      const shape = to.flatMap((s, d) => (dims.includes(d) ? (keepdim ? [1] : []) : [s]));
      if (sameShape(shape, got)) return { dims, keepdim };
    }
  }
  return null;
}

/** For a transposed matrix gradient: which product it came from and its gradient written with the learner's names. */
function transposeStory(
  ix: GraphIndex,
  target: string,
  got: readonly number[],
  want: readonly number[],
  naming: GradNaming,
): string | null {
  if (got.length !== 2 || want.length !== 2 || got[0] !== want[1] || got[1] !== want[0] || want[0] === want[1])
    return null;
  const use = ix.uses(target).find((u) => u.node.op === 'matmul');
  if (!use) return null;
  const mm = use.node;
  const stmt = ix.statement(mm.id);
  const side = use.input;
  const otherNode = ix.node(mm.inputs[1 - side]);
  const other = isNamed(otherNode) ? otherNode.id : null;
  const up = upstreamGradName(ix, mm.id, naming);
  if (!other || !up) {
    return `In \`${stmt}\`, for C = A @ B the gradients are dA = dC @ B.T and dB = A.T @ dC`;
  }
  const formula = side === 1 ? `${other}.T @ ${up}` : `${up} @ ${other}.T`;
  return `In \`${stmt}\`, ${target}'s gradient is \`${formula}\``;
}

/**
 * The learner's name for the gradient flowing into a node: d<name> of the node itself when named, or of its
 * statement's result when only an un-broadcast `+`/`-` lies between (`h @ W2 + b2`).
 */
function upstreamGradName(ix: GraphIndex, id: string, naming: GradNaming): string | null {
  const node = ix.node(id);
  if (isNamed(node)) return gradNameOf(node.id, naming);
  const head = ix.node(ix.head(id));
  if (head === node || !head.inputs.includes(id) || (head.op !== 'add' && head.op !== 'sub')) return null;
  const k = head.inputs.indexOf(id);
  if (head.op === 'sub' && k === 1) return null;
  return head.broadcasts.some((b) => b.input === k) ? null : gradNameOf(head.id, naming);
}
