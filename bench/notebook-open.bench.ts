/**
 * Notebook open → first graph paint (issue 22), in Chromium, on Karpathy's part 4 notebook as published
 * (200,000 training steps): from choosing the file to its graph, named by the notebook's variables, painted
 * while the notebook runs on; then Escape stops the run. Cold: a new browser profile, so Python starts
 * without its IndexedDB snapshot. Warm: the same profile again (the snapshot is there; each notebook gets a new
 * worker either way). Target: under 15 s. Repetitions interleaved, medians and [min–max].
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { build } from 'vite';
import { rendererConfig } from '../src-renderer/vite.config';
import { serveStatic } from '../tests/e2e/static-server';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/e2e/browser';
import { spread } from './stats';

const OUT = fileURLToPath(new URL('../out/bench-renderer', import.meta.url));
const PART4 = fileURLToPath(new URL('../tests/fixtures/jupyter/makemore_part4_backprop.ipynb', import.meta.url));
const REPS = Number(process.env.BENCH_REPS ?? 3);

/** Milliseconds from choosing the file to its graph painted; the run is then stopped. */
async function openToGraph(context: BrowserContext, url: string): Promise<number> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('svg.graph[data-painted="true"]', { timeout: 60_000 });
  const t0 = Date.now();
  await page.setInputFiles('[data-testid="open-notebook"]', PART4);
  // The built-in lecture's graph (the same names) goes first; then the notebook's own comes.
  await page.waitForSelector('.notebook-bar:has-text("makemore_part4_backprop.ipynb")', { timeout: 60_000 });
  await page.waitForSelector('svg.graph[data-nodes="0"]', { timeout: 60_000 });
  await page.waitForSelector('svg.graph g.node[data-id="hprebn"]', { timeout: 300_000 });
  await page.waitForSelector('svg.graph[data-painted="true"]', { timeout: 60_000 });
  const ms = Date.now() - t0;
  await page.keyboard.press('Escape');
  await page.waitForSelector('.notebook-bar output:not([data-status="running"])', { timeout: 30_000 });
  await page.close();
  return ms;
}

export default async function notebookOpenBench(): Promise<void> {
  const executablePath = chromiumPath();
  if (!executablePath) {
    console.log('notebook open: no Chromium (set CHROMIUM_PATH or apt-get install chromium), skipped');
    return;
  }
  await build({ ...rendererConfig(OUT), configFile: false, logLevel: 'error' });
  const server = await serveStatic(OUT);
  const cold: number[] = [];
  const warm: number[] = [];
  try {
    for (let i = 0; i < REPS; i++) {
      const profile = mkdtempSync(join(tmpdir(), 'bp-open-'));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath,
        args: CHROMIUM_ARGS,
        viewport: { width: 1440, height: 900 },
      });
      try {
        cold.push(await openToGraph(context, server.url));
        warm.push(await openToGraph(context, server.url));
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    }
  } finally {
    await server.close();
  }
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    `part 4 as published, open → first graph painted: cold ${spread(cold, s)}, warm ${spread(warm, s)} (target < 15 s)`,
  );
}
