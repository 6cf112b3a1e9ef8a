/**
 * The naming convention of backprop notebooks: `dX` (or `d_X`) is the learner's gradient of tensor `X`.
 * core/python/_bp_source.py recognises the same names where the source writes them (`is_gradient_name`).
 */

const GRAD_NAME = /^d_?([A-Za-z_]\w*)$/;

/** The tensor name a gradient's name stands for (`dlogprobs` → `logprobs`, `d_h` → `h`), or null. */
export function tensorNameOf(gradName: string): string | null {
  return GRAD_NAME.exec(gradName)?.[1] ?? null;
}

/** The name the diagnoses give the gradient of a tensor when the learner's own is not at hand (`dlogprobs`). */
export const gradNameOf = (tensor: string): string => `d${tensor}`;
