/**
 * Graph view: layout and first paint of the lecture graph in Chromium, and layout time of synthetic layered
 * graphs of 300, 3,000 and 10,000 nodes (in Chromium through the app's layout worker, and in Node).
 * Targets: lecture graph < 100 ms from data to first paint; 3,000 nodes < 1 s. Also how the wrapped
 * lecture graph's edges read: their length, the part between rows, and crossings, beside the wrap before.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { layoutGraph, chooseQuality } from '../src-common/view/layout';
import { syntheticLayeredGraph } from '../src-common/view/synthetic';
import { rendererConfig } from '../src-renderer/vite.config';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/e2e/browser';
import { serveStatic } from '../tests/e2e/static-server';
import { LOOP_BACK_WRAP, LOOP_BACK_WRAP_ROWS, wrappedLecture } from '../tests/helpers/lecture-wrap';

const OUT = fileURLToPath(new URL('../out/bench-renderer', import.meta.url));
const LOADS = 5;
const SIZES = [300, 3000, 10000];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function marks(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() =>
    Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])),
  );
}

async function lectureInChromium(page: Page, url: string): Promise<void> {
  const layout: number[] = [];
  const paint: number[] = [];
  const load: number[] = [];
  const run: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    await page.goto(url);
    await page.waitForSelector('svg.graph[data-painted="true"]', { timeout: 60_000 });
    const m = await marks(page);
    layout.push(m['graph:layout-end'] - m['graph:layout-start']);
    paint.push(m['graph:painted'] - m['graph:layout-start']);
    run.push(m['core:run-end'] - m['core:run-start']);
    load.push(m['graph:painted']);
  }
  const target = median(paint) < 100 ? 'met' : 'MISSED';
  console.log(`lecture graph, ${LOADS} cold page loads in Chromium (median):`);
  console.log(`  layout ${ms(median(layout))}; data → first paint ${ms(median(paint))} (target < 100 ms: ${target})`);
  console.log(`  core run in the worker ${ms(median(run))}; page start → graph painted ${ms(median(load))}`);

  // Expanding every statement re-lays out and repaints a bigger graph (warm).
  const before = (await marks(page))['graph:painted'];
  await page.keyboard.press('x');
  await page.waitForFunction((t) => performance.getEntriesByName('graph:painted').some((e) => e.startTime > t), before);
  const starts = await page.evaluate(() => performance.getEntriesByName('graph:layout-start').map((e) => e.startTime));
  const ends = await page.evaluate(() => performance.getEntriesByName('graph:painted').map((e) => e.startTime));
  console.log(
    `  expand all statements (37 nodes): layout → paint ${ms(ends[ends.length - 1] - starts[starts.length - 1])}`,
  );
}

async function syntheticInChromium(page: Page, url: string): Promise<Map<number, number>> {
  const worker = readdirSync(`${OUT}/assets`).find((f) => f.startsWith('layout.worker'));
  const result = new Map<number, number>();
  for (const n of SIZES) {
    const input = syntheticLayeredGraph(n);
    // A string, not a function: the TS loader would wrap named functions in helpers the page lacks.
    const total = (await page.evaluate(`(async () => {
      const w = new Worker(${JSON.stringify(`${url}assets/${worker}`)}, { type: 'module' });
      const input = ${JSON.stringify(input)};
      const call = () => new Promise((resolve, reject) => {
        const t = performance.now();
        w.onmessage = (e) => (e.data.ok ? resolve(performance.now() - t) : reject(new Error(e.data.error)));
        w.postMessage({ id: 1, input });
      });
      await call(); // warm the worker up once, as the app's would be
      const total = await call();
      w.terminate();
      return total;
    })()`)) as number;
    result.set(n, total);
  }
  return result;
}

function syntheticInNode(): Map<number, number> {
  const result = new Map<number, number>();
  layoutGraph(syntheticLayeredGraph(300));
  for (const n of SIZES) {
    const input = syntheticLayeredGraph(n);
    const t = performance.now();
    layoutGraph(input);
    result.set(n, performance.now() - t);
  }
  return result;
}

function wrappedEdges(): void {
  const { rows, metrics: m } = wrappedLecture();
  const b = LOOP_BACK_WRAP;
  const px = (x: number) => `${Math.round(x).toLocaleString('en')} px`;
  console.log(
    "lecture graph wrapped on the 1280×720 window's stage: now (snaking rows) vs before (loop-backs, as recorded when they were replaced):",
  );
  console.log(
    `  rows ${rows} vs ${LOOP_BACK_WRAP_ROWS}; edge length ${px(m.length)} vs ${px(b.length)}; crossings ${m.crossings} vs ${b.crossings}`,
  );
  console.log(
    `  row-to-row: ${m.rowToRowEdges} edges vs ${b.rowToRowEdges}, ${px(m.rowToRowLength)} vs ${px(b.rowToRowLength)} (${Math.round((100 * m.rowToRowLength) / m.length)}% vs ${Math.round((100 * b.rowToRowLength) / b.length)}% of all)`,
  );
}

export default async function graphBench(): Promise<void> {
  wrappedEdges();
  const node = syntheticInNode();
  let browserTimes: Map<number, number> | null = null;
  const executablePath = chromiumPath();
  if (!executablePath) {
    console.log('no Chromium (set CHROMIUM_PATH): skipping the in-browser measurements');
  } else {
    await build({ ...rendererConfig(OUT), configFile: false, logLevel: 'error' });
    const server = await serveStatic(OUT);
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await lectureInChromium(page, server.url);
      browserTimes = await syntheticInChromium(page, server.url);
    } finally {
      await browser.close();
      await server.close();
    }
  }
  console.log('synthetic layered graphs, layout (d3-dag Sugiyama, fast operators, off the UI thread):');
  for (const n of SIZES) {
    const g = syntheticLayeredGraph(n);
    const inBrowser = browserTimes
      ? `Chromium worker ${ms(browserTimes.get(n)!)} (incl. messaging)`
      : 'Chromium: skipped';
    const target =
      n === 3000
        ? ` (target < 1 s: ${Math.max(node.get(n)!, browserTimes?.get(n) ?? 0) < 1000 ? 'met' : 'MISSED'})`
        : '';
    console.log(
      `  ${n.toLocaleString('en')} nodes, ${g.edges.length.toLocaleString('en')} edges, ${chooseQuality(g)}: ${inBrowser}; Node ${ms(node.get(n)!)}${target}`,
    );
  }
}
