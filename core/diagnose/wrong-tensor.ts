/**
 * A gradient whose value is autograd's gradient of another tensor of the graph:
 * - compared with the wrong tensor: `cmp('dh', dh, hpreact)` where dh is exactly h's gradient: say so, and the
 *   cmp that would pass;
 * - the gradient flowing in passed on as it is: `dhpreact = dh`, when the other tensor is the result of a
 *   statement that reads the target: its local derivative is missing.
 */
import { graphIndexOf, isNamed } from '../backprop/graph-index';
import { sameShape } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import { maxAbs, roughlyEqual } from './compare';
import type { GradientContext } from './consumer-terms';
import { tensorNameOf } from './grad-name';
import type { Diagnosis } from './types';

export interface PairingQuestion {
  ctx: GradientContext;
  target: string;
  gradName: string;
  manual: Tensor;
}

/** `onlyItsName`: consider only the tensor the gradient's name stands for (a shape mismatch has its own story). */
export function wrongTensorDiagnosis(q: PairingQuestion, onlyItsName = false): Diagnosis | null {
  const scale = maxAbs(q.manual.data);
  if (!(scale > 0)) return null;
  const ix = graphIndexOf(q.ctx.graph);
  const named = tensorNameOf(q.gradName);
  for (const node of q.ctx.graph.nodes) {
    if (!isNamed(node) || node.id === q.target || !sameShape(node.shape, q.manual.shape)) continue;
    if (onlyItsName && node.id !== named) continue;
    const g = q.ctx.grads.get(q.ctx.tensors.get(node.id)!);
    if (!g || !roughlyEqual(q.manual.data, g.data)) continue;
    const consumer = ix.uses(q.target).some((u) => ix.head(u.node.id) === node.id);
    if (consumer && node.id !== named) {
      return {
        kind: 'chain-factor',
        message:
          `${q.gradName} is the gradient flowing into ${node.id}, passed on as it is: the chain rule multiplies it ` +
          `by the local derivative of \`${ix.statement(node.id)}\` with respect to ${q.target}`,
      };
    }
    return {
      kind: 'wrong-tensor',
      tensor: node.id,
      message:
        `${q.gradName} is autograd's gradient of ${node.id}, not of ${q.target}: it is compared with the wrong ` +
        `tensor (\`cmp('${node.id}', ${q.gradName}, ${node.id})\` passes)`,
    };
  }
  return null;
}
