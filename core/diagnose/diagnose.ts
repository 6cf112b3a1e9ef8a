/**
 * One sentence on why a learner's gradient is wrong (or why a near miss is expected), computed from what the
 * core knows: the recorded graph (shapes, broadcasts, consumers), autograd's gradients, and the learner's other
 * gradients. The app's live check and the CLI's `run --out` both ask here, so they say the same thing.
 */
import type { Diagnosis } from './types';
import { formatShape, sameShape } from '../tensor/shape';
import { roughlyEqual } from './compare';
import { wrongTensorDiagnosis } from './wrong-tensor';
import type { Tensor } from '../tensor/tensor';
import type { GradientContext } from './consumer-terms';
import { shapeDiagnosis } from './shape-story';
import { valueDiagnosis, zeroByDesign } from './value-story';

export type { GradientContext } from './consumer-terms';

/** An input gradient the learner's line used, and whether it is right. */
export interface UpstreamGradient {
  name: string;
  /** Where the learner wrote it, as the messages say it: `line 5`, `cell 10, line 5`. */
  at: string;
  ok: boolean;
}

export interface DiagnoseInput {
  ctx: GradientContext;
  /** The graph node the gradient is for, and how the learner named the gradient. */
  target: string;
  gradName: string;
  manual: Tensor;
  autograd: Tensor;
  /** The check's verdict before any diagnosis. */
  verdict: 'exact' | 'approx' | 'wrong' | 'shape';
  upstream?: readonly UpstreamGradient[];
  constantName?(value: number): string | null;
  /** The tensors whose gradients the learner's statement reads (`hpreact` for `dhpreact`). */
  upstreamTensors?: readonly string[];
}

export function diagnose(d: DiagnoseInput): Diagnosis | null {
  if (d.verdict === 'exact' || d.verdict === 'approx') {
    const zero = zeroByDesign(d.ctx, d.target, d.autograd);
    if (zero) return zero;
    if (d.verdict === 'approx') {
      return {
        kind: 'approx-expected',
        message: `as expected where a formula computes the gradient in another order than autograd's ops (float32 rounds differently)`,
      };
    }
    return null;
  }
  const upstream = upstreamDiagnosis(d.gradName, d.upstream ?? []);
  if (upstream) return upstream;
  if (!sameShape(d.manual.shape, d.autograd.shape))
    return (
      wrongTensorDiagnosis(d, true) ??
      withSameValues(d, shapeDiagnosis(d.ctx.graph, d.target, d.gradName, d.manual.shape))
    );
  const zero = zeroByDesign(d.ctx, d.target, d.autograd);
  if (zero) return zero;
  return valueDiagnosis(d);
}

/**
 * Right values in the wrong shape (`(-dbndiff).sum(0)`, 64 for a 1×64 tensor): the lecture's cmp, through
 * torch.allclose, broadcasts one against the other and prints approximate: True; the app compares shapes strictly.
 */
function withSameValues(d: DiagnoseInput, shape: Diagnosis): Diagnosis {
  if (d.manual.size !== d.autograd.size || !roughlyEqual(d.manual.data, d.autograd.data)) return shape;
  return {
    ...shape,
    message:
      `${shape.message}. The values are right: torch's cmp prints approximate: True because allclose broadcasts ` +
      `${formatShape(d.manual.shape)} against ${formatShape(d.autograd.shape)}, but ${d.gradName} must have ${d.target}'s shape ` +
      `for what comes after it`,
  };
}

/** A gradient computed from one the learner got wrong: that one is the line to fix first. */
export function upstreamDiagnosis(gradName: string, inputs: readonly UpstreamGradient[]): Diagnosis | null {
  const wrong = inputs.filter((u) => !u.ok);
  if (wrong.length === 0) return null;
  const list = wrong.map((u) => `${u.name} (${u.at})`).join(' and ');
  return {
    kind: 'upstream',
    message: `${gradName} uses ${list}, which ${wrong.length > 1 ? 'are themselves wrong: fix those' : 'is itself wrong: fix that'} first`,
  };
}
