/**
 * F.softmax over the last dim of float32 tensors against PyTorch 1.13's torch.softmax, bit for bit
 * (tests/fixtures/float32-math/softmax.json): SLEEF's exp, the 8-lane float32 sum, the reciprocal's multiply.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { softmax } from '../../../core/ops';
import { Tensor } from '../../../core/tensor/tensor';

interface SoftmaxCase {
  shape: number[];
  dim: number;
  x: string;
  y: string;
}

const { cases } = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../fixtures/float32-math/softmax.json', import.meta.url)), 'utf8'),
) as { cases: SoftmaxCase[] };
const floats = (b64: string) => {
  const bytes = Buffer.from(b64, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};

describe('softmax over the last dim of float32 tensors equals torch.softmax bit for bit', () => {
  it.each(cases.map((c) => [c.shape.join('×'), c] as const))('%s', (_name, c) => {
    const y = softmax(new Tensor(c.shape, floats(c.x), 'float32'), c.dim);
    const got = new Uint32Array((y.data as Float32Array).slice().buffer);
    const expected = new Uint32Array(floats(c.y).buffer);
    let wrong = 0;
    for (let i = 0; i < got.length; i++) if (got[i] !== expected[i]) wrong++;
    expect(wrong, `${wrong} of ${got.length} elements differ`).toBe(0);
  });
});
