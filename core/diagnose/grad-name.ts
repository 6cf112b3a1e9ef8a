/** The naming convention of backprop notebooks: `dX` (or `d_X`) is the learner's gradient of tensor `X`. */

const GRAD_NAME = /^d_?(\w+)$/;

/** The tensor name a gradient's name stands for (`dlogprobs` → `logprobs`, `d_h` → `h`), or null. */
export function tensorNameOf(gradName: string): string | null {
  return GRAD_NAME.exec(gradName)?.[1] ?? null;
}
