/**
 * A training loop's memory, as PyTorch's stays: each step's activations and gradients go back to the storage pool
 * when the next backward() spends them, so later steps make no new arrays (which only the collector would free:
 * the loop's memory rose and fell by tens of MB, and its peak grew with the number of steps).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseNotebook } from '../../../core/notebook/parse';
import { runNotebook } from '../../../core/notebook/run';
import { poolMisses } from '../../../core/tensor/reuse';
import { NAMES, python } from './notebooks';

// The 5-op training loop, as the speed bench runs it (its STEPS set here).
const FIVE_OP_LOOP = readFileSync(
  fileURLToPath(new URL('../../../bench/notebooks/five-op-loop.py', import.meta.url)),
  'utf8',
);
const loop = (steps: number) => FIVE_OP_LOOP.replace('STEPS = 2000', `STEPS = ${steps}`);

async function missesOf(steps: number): Promise<number> {
  const before = poolMisses();
  const nb = parseNotebook('loop.py', new TextEncoder().encode(loop(steps)));
  const run = await runNotebook(await python(), nb, { bundledNames: NAMES, readFile: () => null });
  expect(run.error).toBeNull();
  return poolMisses() - before;
}

describe("a training loop's arrays", () => {
  it('come from the pool after its first steps: 300 more steps ask for (almost) no new array', async () => {
    const short = await missesOf(20);
    const long = await missesOf(320);
    // Each step makes six [32, 200] arrays; before, about half of them were new in every step.
    expect(long - short).toBeLessThan(30);
  }, 120_000);
});
