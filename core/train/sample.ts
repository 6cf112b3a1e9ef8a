/**
 * Sampling names from the trained network, as the lecture does: a fresh generator seeded with seed + 10,
 * a context of '.', and one `torch.multinomial` draw per character until '.' comes out. Each draw depends
 * on the previous one (and the generator's order on every earlier name), so rows go one at a time through
 * the same wasm forward pass the split losses use.
 */
import { TorchGenerator } from '../random/torch-generator';
import type { Params } from '../mlp/forward';
import { EvalNet, type BatchnormStats } from './eval-net';

/** The longest name we let a badly trained network ramble on for. */
const MAX_LEN = 64;

export function sampleNames(
  p: Params,
  stats: BatchnormStats,
  itos: readonly string[],
  blockSize: number,
  seed: number,
  count = 20,
  net = new EvalNet(p, 1),
): string[] {
  const g = new TorchGenerator(seed);
  net.setStats(stats);
  const probs = net.out.subarray(0, net.V);
  const names: string[] = [];
  for (let s = 0; s < count; s++) {
    const context = net.X.subarray(0, blockSize).fill(0);
    let out = '';
    for (let len = 0; len < MAX_LEN; len++) {
      net.hidden(1);
      net.head(1); // probs = F.softmax(logits, dim=1)
      const ix = g.multinomial(probs, 1)[0];
      context.copyWithin(0, 1);
      context[blockSize - 1] = ix;
      if (ix === 0) break;
      out += itos[ix];
    }
    names.push(out);
  }
  return names;
}
