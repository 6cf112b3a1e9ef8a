/** Loads the PyTorch reference dumps made by tests/fixtures/make_mlp_fixtures.py. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dump } from '../../../core/mlp/dump-types';
import type { Params } from '../../../core/mlp/forward';
import { PARAM_NAMES } from '../../../core/mlp/names';
import { Tensor, tensor } from '../../../core/tensor/tensor';

/** Fixtures of the training loop, not of one pass (tests/core/train/training.test.ts reads them). */
const TRAINING_FIXTURES = ['sgd_steps.json', 'short_run.json'];
export const FIXTURE_DIR = join(__dirname, '..', '..', 'fixtures', 'mlp');

export type TorchDump = Omit<Dump, 'graph'>;

export function torchFixtures(): { name: string; dump: TorchDump }[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.json') && !TRAINING_FIXTURES.includes(f))
    .sort()
    .map((f) => ({
      name: f.replace('.json', ''),
      dump: JSON.parse(readFileSync(join(FIXTURE_DIR, f), 'utf8')) as TorchDump,
    }));
}

/** The fixture's parameters as float32 tensors that require grad. */
export function paramsOf(d: TorchDump): Params {
  const p = {} as Params;
  for (const name of PARAM_NAMES) p[name] = tensor(d.params[name].shape, d.params[name].data).requireGrad();
  return p;
}

export function batchOf(d: TorchDump): { Xb: Tensor; Yb: Tensor } {
  return {
    Xb: tensor(d.batch.Xb.shape, d.batch.Xb.data, 'int64'),
    Yb: tensor(d.batch.Yb.shape, d.batch.Yb.data, 'int64'),
  };
}

/** Largest violation of |a − b| ≤ atol + rtol·|b| (≤ 0 means all close), and where. */
export function closeness(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  rtol: number,
  atol: number,
): { worst: number; at: number } {
  let worst = -Infinity;
  let at = -1;
  for (let i = 0; i < a.length; i++) {
    const excess = Math.abs(a[i] - b[i]) - (atol + rtol * Math.abs(b[i]));
    if (excess > worst || Number.isNaN(excess)) {
      worst = Number.isNaN(excess) ? Infinity : excess;
      at = i;
    }
  }
  return { worst, at };
}
