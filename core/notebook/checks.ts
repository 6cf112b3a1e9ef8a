/**
 * A check pairs the learner's gradient with the tensor it is for and compares it with autograd's, as the
 * lecture's cmp does (exact, torch.allclose's defaults, max |difference|), computed here rather than read
 * from whatever the learner's own cmp prints.
 */
import { cmp } from '../autograd/cmp';
import { aliasDiagnosis, type SharedNames } from '../diagnose/alias-story';
import { diagnose, type GradientContext, type UpstreamGradient } from '../diagnose/diagnose';
import { formatShape, sameShape } from '../tensor/shape';
import type { Tensor } from '../tensor/tensor';
import type { Check } from './types';

export interface CheckInput {
  label: string;
  cell: number;
  line: number;
  manual: Tensor | null;
  manualName: string | null;
  target: Tensor | null;
  /** The graph node (or the learner's name) of the target. */
  targetName: string | null;
  autograd: Tensor | null;
  /** The recorded graph and autograd's gradients, for saying why a wrong gradient is wrong. */
  context?: {
    ctx: GradientContext;
    upstream?: readonly UpstreamGradient[];
    constantName?(value: number): string | null;
    /** The tensors whose gradients the gradient's statement reads (`hpreact` for `dhpreact`). */
    upstreamTensors?: readonly string[];
  } | null;
}

export function judge(c: CheckInput): Check {
  const gradName = c.manualName ?? (c.targetName ? `d${c.targetName}` : null);
  const base = {
    cell: c.cell,
    line: c.line,
    label: c.label,
    target: c.targetName,
    grad_name: gradName,
    shape: c.manual ? [...c.manual.shape] : null,
    expected_shape: c.target ? [...c.target.shape] : null,
    exact: null,
    approx: null,
    maxdiff: null,
    diagnosis: null,
  };
  const subject = c.targetName ?? c.label;
  if (!c.target)
    return { ...base, verdict: 'error', message: `cmp('${c.label}', …): the third argument is not a tensor` };
  if (!c.manual) return { ...base, verdict: 'error', message: `${gradName ?? 'the gradient'} is not a tensor yet` };
  if (!c.autograd) {
    return {
      ...base,
      verdict: 'error',
      message: `autograd has no gradient for ${subject}: call loss.backward() before checking, on a loss that depends on it`,
    };
  }
  const why = (verdict: 'exact' | 'approx' | 'wrong' | 'shape') =>
    c.context && c.targetName && gradName
      ? diagnose({
          ctx: c.context.ctx,
          target: c.targetName,
          gradName,
          manual: c.manual!,
          autograd: c.autograd!,
          verdict,
          upstream: c.context.upstream,
          constantName: c.context.constantName,
          upstreamTensors: c.context.upstreamTensors,
        })
      : null;
  if (!sameShape(c.manual.shape, c.target.shape)) {
    const diagnosis = why('shape');
    return {
      ...base,
      verdict: 'shape',
      diagnosis,
      message:
        diagnosis?.message ??
        `${gradName} is ${formatShape(c.manual.shape)} but ${subject} is ${formatShape(c.target.shape)}`,
    };
  }
  const r = cmp(subject, c.manual, c.autograd);
  const verdict = r.exact ? 'exact' : r.approx ? 'approx' : 'wrong';
  const diagnosis = why(verdict);
  const said = r.exact
    ? `${gradName} equals autograd's exactly`
    : r.approx
      ? `${gradName} is approximately right (maxdiff ${r.maxdiff.toPrecision(2)})`
      : `${gradName} differs from autograd's gradient of ${subject} (maxdiff ${r.maxdiff})`;
  const message = !diagnosis
    ? said
    : verdict === 'wrong'
      ? withMaxdiff(diagnosis.message, r.maxdiff)
      : `${said}: ${diagnosis.message}`;
  return { ...base, exact: r.exact, approx: r.approx, maxdiff: r.maxdiff, verdict, message, diagnosis };
}

/** A wrong check of a gradient that is the very tensor of another of the learner's gradients says so. */
export function withAliases(c: Check, shared: SharedNames): Check {
  if (c.verdict !== 'wrong' || !c.grad_name) return c;
  const diagnosis = aliasDiagnosis(c.grad_name, shared);
  return diagnosis ? { ...c, diagnosis, message: withMaxdiff(diagnosis.message, c.maxdiff) } : c;
}

/** A wrong gradient's message ends with how far off it is. */
export const withMaxdiff = (message: string, maxdiff: number | null): string =>
  maxdiff === null ? message : `${message} (maxdiff ${maxdiff.toPrecision(3)})`;
