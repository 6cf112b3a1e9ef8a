/**
 * Backprop player: frame times in Chromium while the gradient animates across the lecture graph, measured
 * side by side with the same page sitting idle (which gives this machine's own frame interval and jitter).
 * Frame time = the interval between requestAnimationFrame callbacks; a frame that misses its slot shows as
 * a ~33 ms interval. Target: p95 ≤ 16.7 ms (60 fps) while playing.
 */
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { rendererConfig } from '../src-renderer/vite.config';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/e2e/browser';
import { serveStatic } from '../tests/e2e/static-server';

const OUT = fileURLToPath(new URL('../out/bench-renderer', import.meta.url));
const SECONDS = 8;
const TARGET_MS = 1000 / 60;

interface FrameStats {
  frames: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  over: number;
  steps: number;
}

/** Collects rAF intervals for `seconds`, then reports how far the player moved meanwhile. */
async function sample(page: Page, seconds: number): Promise<FrameStats> {
  const start = Number(await page.getAttribute('.player-bar', 'data-current'));
  const gaps = (await page.evaluate(`new Promise((resolve) => {
    const gaps = [];
    let last = 0;
    const end = performance.now() + ${seconds * 1000};
    const tick = (t) => {
      if (last) gaps.push(t - last);
      last = t;
      if (t < end) requestAnimationFrame(tick); else resolve(gaps);
    };
    requestAnimationFrame(tick);
  })`)) as number[];
  const after = Number(await page.getAttribute('.player-bar', 'data-current'));
  const sorted = [...gaps].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return {
    frames: gaps.length,
    p50: q(0.5),
    p95: q(0.95),
    p99: q(0.99),
    max: sorted[sorted.length - 1],
    over: gaps.filter((g) => g > TARGET_MS * 1.5).length,
    steps: after - start,
  };
}

const fmt = (s: FrameStats) =>
  `p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, max ${s.max.toFixed(1)} ms; ` +
  `${s.frames} frames, ${s.over} over 25 ms`;

export default async function playerBench(): Promise<void> {
  const executablePath = chromiumPath();
  if (!executablePath) {
    console.log('no Chromium (set CHROMIUM_PATH): skipping the player frame-time bench');
    return;
  }
  await build({ ...rendererConfig(OUT), configFile: false, logLevel: 'error' });
  const server = await serveStatic(OUT);
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(server.url);
    await page.waitForSelector('svg.graph[data-painted="true"]', { timeout: 60_000 });
    await page.waitForTimeout(500);

    const idle = await sample(page, 3);
    const runs: [string, FrameStats][] = [];
    for (const [speed, expand] of [
      ['1', false],
      ['4', false],
      ['4', true],
    ] as const) {
      if (expand) {
        await page.keyboard.press('x'); // every statement expanded: more nodes and edges to animate across
        await page.waitForSelector('g.node[data-kind="op"]');
        await page.waitForTimeout(500);
      }
      await page.keyboard.press('Home');
      await page.selectOption('.player-bar .speed select', speed);
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press('Space');
      const nodes = await page.getAttribute('svg.graph', 'data-nodes');
      runs.push([
        `${speed}×, ${nodes} drawn nodes${expand ? ', all statements expanded' : ''}`,
        await sample(page, SECONDS),
      ]);
      await page.keyboard.press('Space');
    }
    console.log('lecture graph in Chromium, rAF intervals:');
    console.log(`  idle (this machine's frame clock): ${fmt(idle)}`);
    for (const [label, s] of runs) {
      const met = s.p95 <= Math.max(TARGET_MS, idle.p95) + 0.05 ? 'met' : 'MISSED';
      console.log(`  playing ${label} (${s.steps} steps in ${SECONDS} s): ${fmt(s)}`);
      console.log(`    p95 playing / idle = ${(s.p95 / idle.p95).toFixed(2)}×; target p95 ≤ 16.7 ms: ${met}`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}
