import { describe, expect, it } from 'vitest';
import { lectureRecorded } from './recorded';

describe('recorded lecture graph', () => {
  it('names the lecture tensors and gives autograd gradients', () => {
    const r = lectureRecorded();
    const ids = r.ctx.graph.nodes.filter((n) => n.kind !== 'op').map((n) => n.id);
    expect(ids).toContain('counts_sum_inv');
    expect(r.grad('counts_sum_inv').shape).toEqual([32, 1]);
    expect(r.ctx.graph.output).toBe('loss');
  });
});
