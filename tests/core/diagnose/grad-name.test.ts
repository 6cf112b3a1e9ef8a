/** The gradient names learners write, read back to the tensor they stand for, and spelled for other tensors. */
import { describe, expect, it } from 'vitest';
import { gradNameOf, namingOf, tensorNameOf } from '../../../core/diagnose/grad-name';

describe('gradient names', () => {
  it('dX, d_X and X_grad stand for X', () => {
    expect(['dlogprobs', 'd_h', 'dW1', 'p_grad', 'diff_grad', 'W_in_grad', 'loss'].map(tensorNameOf)).toEqual([
      'logprobs',
      'h',
      'W1',
      'p',
      'diff',
      'W_in',
      null,
    ]);
  });

  it("another tensor's gradient in the learner's spelling", () => {
    expect(gradNameOf('logp', namingOf('d_p', 'p'))).toBe('d_logp');
    expect(gradNameOf('logp', namingOf('p_grad', 'p'))).toBe('logp_grad');
    expect(gradNameOf('logprobs', namingOf('dprobs', 'probs'))).toBe('dlogprobs');
    // Compared with another tensor: the prefix its name has.
    expect(gradNameOf('h', namingOf('d_a', 'ln'))).toBe('d_h');
  });
});
