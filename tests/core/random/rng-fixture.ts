/** Loads tests/fixtures/rng.json, made by tests/fixtures/make_rng_fixtures.py with real CPython and PyTorch 1.13. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type TorchStep =
  | { op: 'randn' | 'rand'; shape: number[]; data: number[] }
  | { op: 'randint'; low: number; high: number; shape: number[]; data: number[] }
  | { op: 'multinomial'; probs: 'probs' | 'weights'; num_samples: number; replacement: boolean; data: number[][] };

export interface PythonCase {
  /** A decimal string: some seeds exceed 2^53. */
  seed: string;
  getrandbits32: number[];
  getrandbits7: number[];
  getrandbits1: number[];
  random: number[];
  randbelow: Record<string, number[]>;
  shuffle20: number[];
  names_first: string[];
  names_last: string[];
}

export interface SplitFixture {
  shape: [number, number];
  X_first: number[][];
  Y_first: number[];
  X_last: number[][];
  Y_last: number[];
  Y_sum: number;
}

export interface RngFixture {
  torch_version: string;
  torch_cpu_capability: string;
  probs: { probs: number[]; weights: number[] };
  torch: { seed: number; steps: TorchStep[] }[];
  lecture: {
    seed: number;
    params: Record<'C' | 'W1' | 'b1' | 'W2' | 'b2' | 'bngain' | 'bnbias', { shape: number[]; data: number[] }>;
    ix_bn_from_g: number[];
    ix_bn_from_global: number[];
  };
  seeding: { seed: number; randint: number[] }[];
  python: PythonCase[];
  names: {
    num_words: number;
    itos: string[];
    n1: number;
    n2: number;
    splits: ({ block_size: number } & Record<'train' | 'dev' | 'test', SplitFixture>)[];
  };
}

export const rng = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'rng.json'), 'utf8')) as RngFixture;

/** Distance between two float32 values in units in the last place (0 when the bits are equal). */
export function ulpDistance(a: number, b: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat32(0, a);
  view.setFloat32(4, b);
  // Map the sign-magnitude bit patterns onto one monotonic integer line.
  const ordered = (i: number) => (i < 0 ? -2147483648 - i : i);
  return Math.abs(ordered(view.getInt32(0)) - ordered(view.getInt32(4)));
}
