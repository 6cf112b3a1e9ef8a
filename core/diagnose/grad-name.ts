/**
 * The naming convention of backprop notebooks: `dX` (or `d_X`) is the learner's gradient of tensor `X`, and
 * `X_grad` for learners who follow PyTorch's `.grad`. core/python/_bp_source.py recognises the same names where
 * the source writes them (`is_gradient_name`).
 */

const GRAD_NAME = /^d_?([A-Za-z_]\w*)$/;
const GRAD_SUFFIX = /^([A-Za-z_]\w*)_grad$/;

/** The tensor name a gradient's name stands for (`dlogprobs` → `logprobs`, `d_h` → `h`, `diff_grad` → `diff`), or null. */
export function tensorNameOf(gradName: string): string | null {
  // The suffix first: `diff_grad` is diff's gradient, not `iff_grad`'s.
  return GRAD_SUFFIX.exec(gradName)?.[1] ?? GRAD_NAME.exec(gradName)?.[1] ?? null;
}

/** How a learner spells a gradient's name around its tensor's: `d` + `logprobs` in the lecture, `d_` + `p`. */
export interface GradNaming {
  prefix: string;
  suffix: string;
}

const LECTURE: GradNaming = { prefix: 'd', suffix: '' };
const PREFIXES = ['d', 'd_', 'grad_', 'g_'];
const SUFFIXES = ['_grad', 'grad', '_g'];

/**
 * The convention read from one of the learner's gradients and the tensor it is for (`d_p` for `p` → `d_`):
 * the names a diagnosis gives other gradients (the one to multiply by, the one to add) are then the
 * learner's own (`d_logp`, not the lecture's `dlogp`).
 */
export function namingOf(gradName: string, target: string): GradNaming {
  const prefix = PREFIXES.find((p) => gradName === p + target);
  if (prefix !== undefined) return { prefix, suffix: '' };
  const suffix = SUFFIXES.find((s) => gradName === target + s);
  if (suffix !== undefined) return { prefix: '', suffix };
  // Compared with another tensor (`cmp('dh', dh, hpreact)`): the prefix its name has.
  return gradName.startsWith('d_') ? { prefix: 'd_', suffix: '' } : LECTURE;
}

/** The name of `tensor`'s gradient in the learner's convention (the lecture's `dX` by default). */
export const gradNameOf = (tensor: string, naming: GradNaming = LECTURE): string =>
  `${naming.prefix}${tensor}${naming.suffix}`;
