import { describe, expect, it } from 'vitest';
import { loadNames } from '../../../cli/load-names';
import { DEFAULT_CONFIG } from '../../../core/mlp/config';
import { gradcheckLecture } from '../../../core/mlp/gradcheck-lecture';
import { runLectureFull } from '../../../core/mlp/run';

describe('float64 central differences, the third opinion', () => {
  for (const variant of ['atomic', 'fused'] as const) {
    it(`agree with autograd and the ${variant} manual gradients on every named tensor and parameter`, () => {
      const run = runLectureFull({ ...DEFAULT_CONFIG, variant }, loadNames());
      const rows = gradcheckLecture(run);
      expect(Object.keys(rows)).toHaveLength(26);
      for (const [name, r] of Object.entries(rows)) {
        expect(r.checked, name).toBeGreaterThan(0);
        // float32 gradients against float64 differences: 1e-3 of the gradient's scale, plus float noise.
        const tol = 1e-3 * r.scale + 1e-7;
        expect(r.autogradError, `${name} autograd`).toBeLessThan(tol);
        if (r.manualError !== null) expect(r.manualError, `${name} manual`).toBeLessThan(tol);
      }
      if (variant === 'fused') expect(rows.bnraw.manualError).toBeNull();
    });
  }

  it('notices a wrong gradient', () => {
    const run = runLectureFull(DEFAULT_CONFIG, loadNames());
    const bad = run.manual.counts_sum!;
    bad.data[0] *= 1.5;
    const rows = gradcheckLecture(run);
    expect(rows.counts_sum.manualError!).toBeGreaterThan(1e-3 * rows.counts_sum.scale + 1e-7);
  });
});
