/**
 * Sampling names from the trained network, as the lecture does: a fresh generator seeded with seed + 10,
 * a context of '.', and one `torch.multinomial` draw per character until '.' comes out.
 */
import { TorchGenerator } from '../random/torch-generator';
import type { Params } from '../mlp/forward';
import { VOCAB_SIZE } from '../mlp/params';
import { headLogits, type BatchnormStats } from './evaluate';
import { wasmMatmul } from '../kernels/wasm-matmul';

/** The longest name we let a badly trained network ramble on for. */
const MAX_LEN = 64;

export function sampleNames(p: Params, stats: BatchnormStats, itos: readonly string[], blockSize: number, seed: number, count = 20): string[] {
  const g = new TorchGenerator(seed);
  const E = p.C.shape[1];
  const F = p.W1.shape[0];
  const H = p.W1.shape[1];
  const C = p.C.data as Float32Array;
  const embcat = new Float32Array(F);
  const hprebn = new Float32Array(H);
  const h = new Float32Array(H);
  const logits = new Float32Array(VOCAB_SIZE);
  const probs = new Float32Array(VOCAB_SIZE);
  const names: string[] = [];
  for (let s = 0; s < count; s++) {
    const context = new Array<number>(blockSize).fill(0);
    let out = '';
    for (let len = 0; len < MAX_LEN; len++) {
      context.forEach((ix, j) => embcat.set(C.subarray(ix * E, ix * E + E), j * E));
      wasmMatmul(embcat, p.W1.data as Float32Array, 1, F, H, hprebn);
      const b1 = p.b1.data as Float32Array;
      for (let k = 0; k < H; k++) hprebn[k] = hprebn[k] + b1[k];
      headLogits(p, stats, hprebn, h, logits);
      // probs = F.softmax(logits, dim=1)
      let m = -Infinity;
      for (let c = 0; c < VOCAB_SIZE; c++) m = Math.max(m, logits[c]);
      let sum = 0;
      for (let c = 0; c < VOCAB_SIZE; c++) {
        probs[c] = Math.exp(logits[c] - m);
        sum += probs[c];
      }
      for (let c = 0; c < VOCAB_SIZE; c++) probs[c] = probs[c] / sum;
      const ix = g.multinomial(probs, 1)[0];
      context.shift();
      context.push(ix);
      if (ix === 0) break;
      out += itos[ix];
    }
    names.push(out);
  }
  return names;
}
