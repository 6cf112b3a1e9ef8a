import { describe, expect, it } from 'vitest';
import { outputDifference } from './output-compare';

describe('outputDifference', () => {
  it.each([
    ['same text', 'a 1.5\nb', 'a 1.5\nb', true],
    ['float32 noise in a loss', 'loss 3.3870129585266113', 'loss 3.3870127201080322', true],
    [
      'a maxdiff of noise with its exact flag',
      'x | exact: True  | maxdiff: 0.0',
      'x | exact: False | maxdiff: 1.86e-09',
      true,
    ],
    ['a real difference in value', 'loss 3.3870', 'loss 3.3871', false],
    ['a flag without noise', 'ok=True worst=0.0', 'ok=False worst=0.0', false],
    ['a flag beside a big difference', 'ok=True worst=0.0031', 'ok=False worst=0.0032', false],
    ['different text', 'torch.Size([32, 27])', 'torch.Size([32, 28])', false],
    ['a missing line', 'a\nb', 'a', false],
  ])('%s', (_, ours, torch, same) => {
    expect(outputDifference(ours, torch) === null).toBe(same);
  });
});
