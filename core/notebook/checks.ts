/**
 * A check pairs the learner's gradient with the tensor it is for and compares it with autograd's, as the
 * lecture's cmp does (exact, torch.allclose's defaults, max |difference|), computed here rather than read
 * from whatever the learner's own cmp prints.
 */
import { cmp } from '../autograd/cmp';
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
  if (!sameShape(c.manual.shape, c.target.shape)) {
    return {
      ...base,
      verdict: 'shape',
      message: `${gradName} is ${formatShape(c.manual.shape)} but ${subject} is ${formatShape(c.target.shape)}`,
    };
  }
  const r = cmp(subject, c.manual, c.autograd);
  const verdict = r.exact ? 'exact' : r.approx ? 'approx' : 'wrong';
  const message = r.exact
    ? `${gradName} equals autograd's exactly`
    : r.approx
      ? `${gradName} agrees with autograd within torch.allclose's tolerance (maxdiff ${r.maxdiff})`
      : `${gradName} differs from autograd's gradient of ${subject} (maxdiff ${r.maxdiff})`;
  return { ...base, exact: r.exact, approx: r.approx, maxdiff: r.maxdiff, verdict, message };
}
