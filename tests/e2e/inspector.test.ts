/**
 * The tensor inspector and image export in browser mode: every named tensor's shape and statistics against
 * the core run in this process, hover readout, slicing, the diff view, copy, and SVG/PNG/PDF/GIF downloads.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { buildSchedule } from '../../core/mlp/lecture-schedule';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../core/mlp/config';
import { loadNames } from '../../cli/load-names';
import { runLecture } from '../../core/mlp/run';
import { embeddedFonts } from '../helpers/pdf-fonts';
import type { Dump, TensorDump } from '../../core/mlp/dump-types';
import { CHROMIUM, launch, openApp, type AppPage } from './harness';
import { shapeText } from './expected';

const dump: Dump = runLecture(DEFAULT_CONFIG, loadNames());
const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;

/** The test's own statistics (float64, unbiased std as torch's default) to compare with what the page prints. */
function stats(xs: number[]) {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
  return { min: Math.min(...xs), max: Math.max(...xs), mean, std };
}

async function select(page: Page, id: string): Promise<void> {
  await page.selectOption('.inspector header select', id);
  await page.waitForSelector(`.inspector[data-id="${id}"]`);
}

const stat = (page: Page, name: string) => page.textContent(`.inspector [data-stat="${name}"]`);

describe.skipIf(!CHROMIUM)('tensor inspector and export (Chromium)', () => {
  let browser: Browser;
  let app: AppPage;
  let page: Page;

  beforeAll(async () => {
    browser = await launch();
    app = await openApp(browser);
    page = app.page;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    // Find selects the node, which opens the inspector.
    await page.keyboard.press('Control+f');
    await page.keyboard.type('logits');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.inspector[data-id="logits"]');
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows shape and statistics of every named tensor and parameter', async () => {
    const entries: [string, TensorDump][] = [...Object.entries(dump.params), ...Object.entries(dump.tensors)];
    for (const [name, t] of entries) {
      await select(page, name);
      expect(await stat(page, 'shape'), name).toBe(shapeText(t.shape));
      const want = stats(t.data);
      for (const k of ['min', 'max', 'mean', 'std'] as const) {
        const got = Number(await stat(page, k));
        // A scalar has no sample std (torch: nan).
        if (Number.isNaN(want[k])) {
          expect(Number.isNaN(got), `${name} ${k}`).toBe(true);
          continue;
        }
        expect(Math.abs(got - want[k]), `${name} ${k}`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want[k])));
      }
      expect(await stat(page, 'nan')).toBe('0');
      const [rows, cols] = await page.$eval('.inspector canvas.heatmap', (c) => [
        Number(c.dataset.rows),
        Number(c.dataset.cols),
      ]);
      const size = t.shape.length === 3 ? t.shape[1] * t.shape[2] : t.shape.reduce((a, b) => a * b, 1);
      expect(rows * cols, name).toBe(size);
    }
    expect(app.errors).toEqual([]);
  });

  it('opens on the node a click selects', async () => {
    // W2 and h sit beside logits, which the find box centred on (the inspector covers the right side).
    await page.click('g.node[data-id="W2"]');
    await page.waitForSelector('.inspector[data-id="W2"]');
    expect(await stat(page, 'shape')).toBe(shapeText(dump.params.W2.shape));
    await page.click('g.node[data-id="h"]');
    await page.waitForSelector('.inspector[data-id="h"]');
    expect(await stat(page, 'shape')).toBe(shapeText(dump.tensors.h.shape));
  });

  it('reads out the full float32 under the pointer', async () => {
    await select(page, 'W2');
    await page.click('[data-layer="value"]');
    const box = (await page.locator('.inspector canvas.heatmap').boundingBox())!;
    const [rows, cols] = dump.params.W2.shape;
    // The centre of cell (3, 5).
    await page.mouse.move(box.x + ((5 + 0.5) / cols) * box.width, box.y + ((3 + 0.5) / rows) * box.height);
    const text = (await page.textContent('.inspector .readout'))!;
    expect(text).toContain('[3, 5]');
    expect(Math.fround(Number(text.split('=')[1]))).toBe(Math.fround(dump.params.W2.data[3 * cols + 5]));
    await page.screenshot({ path: `${ARTIFACTS}inspector-W2.png` });
  });

  it('slices emb along a chosen dim', async () => {
    await select(page, 'emb');
    await page.selectOption('.inspector select[aria-label="Slice dim"]', '0');
    await page.fill('.inspector input[aria-label="Slice index"]', '4');
    const dims = async () => page.$eval('.inspector canvas.heatmap', (c) => [c.dataset.rows, c.dataset.cols]);
    expect(await dims()).toEqual(['3', '10']);
    await page.selectOption('.inspector select[aria-label="Slice dim"]', '2');
    expect(await dims()).toEqual(['32', '3']);
    await page.screenshot({ path: `${ARTIFACTS}inspector-emb-slice.png` });
  });

  it('shows manual − autograd with maxdiff, and the gradient on a diverging scale', async () => {
    // The tensor whose manual gradient differs most from autograd's: a diff worth looking at.
    const [name, t] = Object.entries(dump.tensors)
      .filter(([, x]) => x.maxdiff !== null)
      .sort(([, a], [, b]) => b.maxdiff! - a.maxdiff!)[0];
    await select(page, name);
    await page.click('[data-layer="grad"]');
    expect(await page.getAttribute('.inspector .color-bar', 'data-kind')).toBe('diverging');
    await page.screenshot({ path: `${ARTIFACTS}inspector-${name}-grad.png` });
    await page.click('[data-layer="diff"]');
    expect(Number(await page.getAttribute('.inspector .cmp', 'data-maxdiff'))).toBe(t.maxdiff);
    const diff = t.manual_grad!.map((m, i) => m - t.grad![i]);
    const want = Math.max(...diff.map(Math.abs));
    const got = Math.max(Math.abs(Number(await stat(page, 'min'))), Math.abs(Number(await stat(page, 'max'))));
    expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-6 * want + 1e-30);
    await page.screenshot({ path: `${ARTIFACTS}inspector-${name}-diff.png` });
    // One scale for all three: the diff's colour bar reaches max |x| of value, gradient and diff.
    const colourBarEnd = async () => Number((await page.textContent('.inspector .color-bar .ticks span:last-child'))!);
    expect(await colourBarEnd()).toBeCloseTo(want || 1, 5); // an all-zero diff gets a unit scale
    await page.check('[data-shared-scale]');
    const all = Math.max(...[...t.data, ...t.grad!, ...diff].map(Math.abs));
    expect(Math.abs((await colourBarEnd()) - all)).toBeLessThanOrEqual(1e-6 * all);
    await page.screenshot({ path: `${ARTIFACTS}inspector-${name}-diff-shared.png` });
    await page.uncheck('[data-shared-scale]');
    await page.click('[data-layer="value"]');
  });

  it('shows the batch indices Xb and Yb as characters', async () => {
    await select(page, 'Xb');
    const cells = await page.$$eval('.inspector table.numbers td', (tds) =>
      tds.slice(0, 3).map((td) => td.textContent),
    );
    // The names vocabulary written out here: '.' then a–z.
    const itos = ['.', ...'abcdefghijklmnopqrstuvwxyz'];
    expect(cells).toEqual(dump.batch.Xb.data.slice(0, 3).map((v) => `'${itos[v]}'`));
    await select(page, 'logits');
  });

  it('copies CSV and Python literals', async () => {
    await select(page, 'bnmeani');
    await page.click('[data-copy="csv"]');
    const csv = await page.evaluate(() => navigator.clipboard.readText());
    const cells = csv.trim().split(',').map(Number);
    expect(cells).toHaveLength(64);
    cells.forEach((v, i) => expect(Math.fround(v)).toBe(Math.fround(dump.tensors.bnmeani.data[i])));
    await page.click('[data-copy="torch"]');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(
      /^torch\.tensor\(\[\[-?\d.*\]\], dtype=torch\.float32\)$/,
    );
  });

  const download = async (action: () => Promise<void>) => {
    const [d] = await Promise.all([page.waitForEvent('download'), action()]);
    return { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
  };
  const exportAs = (format: string) =>
    download(async () => {
      await page.click('.export-menu summary');
      await page.click(`.export-menu [data-format="${format}"]`);
      await page.click('.export-menu summary');
    });

  it('exports the graph as SVG with every node, and PNG at 1×, 2× and 4×, and PDF', async () => {
    const svg = await exportAs('svg');
    expect(svg.name).toBe('backprop-studio-graph.svg');
    const text = svg.bytes.toString('utf8');
    const ok = await page.evaluate(
      (s) => new DOMParser().parseFromString(s, 'image/svg+xml').querySelector('parsererror') === null,
      text,
    );
    expect(ok).toBe(true);
    for (const n of dump.graph.nodes.filter((n) => n.kind !== 'op')) expect(text).toContain(`data-id="${n.id}"`);
    const [w, h] = text
      .match(/width="(\d+)" height="(\d+)"/)!
      .slice(1)
      .map(Number);
    for (const scale of [1, 2, 4]) {
      const png = await exportAs(`png-${scale}`);
      expect(png.bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
      expect([png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)]).toEqual([w * scale, h * scale]);
      if (scale === 1)
        await import('node:fs').then((fs) => fs.writeFileSync(`${ARTIFACTS}export-app-light.png`, png.bytes));
    }
    const pdf = await exportAs('pdf');
    expect(pdf.bytes.subarray(0, 5).toString('ascii')).toBe('%PDF-');
    expect(pdf.bytes.subarray(-6).toString('ascii')).toMatch(/%%EOF\s*$/);
    // Vector, not a picture of the graph: no image inside, and its text reads back.
    expect(pdf.bytes.toString('latin1')).not.toContain('/Subtype /Image');
    const pdfPath = `${ARTIFACTS}export-app.pdf`;
    await import('node:fs').then((fs) => fs.writeFileSync(pdfPath, pdf.bytes));
    const extracted = spawnSync('pdftotext', ['-raw', pdfPath, '-'], { encoding: 'utf8' });
    if (!extracted.error) {
      for (const n of ['logits · 32×27', 'counts_sum_inv', 'loss · scalar', '32×1 → 32×27, dim 1'])
        expect(extracted.stdout).toContain(n);
      // In the app's own face, embedded, as the CLI's: no standard PDF font.
      expect(embeddedFonts(pdfPath)).toEqual(['DejaVuSansMono', 'DejaVuSansMono-Bold']);
    }
    expect(app.errors).toEqual([]);
  });

  it('shapes the figure for a page: 16:9 and A4 portrait', async () => {
    await page.click('.export-menu summary');
    for (const [shape, aspect] of [
      ['16:9', 16 / 9],
      ['a4', 210 / 297],
    ] as const) {
      await page.selectOption('[data-page-select]', shape);
      const [d] = await Promise.all([page.waitForEvent('download'), page.click('.export-menu [data-format="png-1"]')]);
      const png = readFileSync((await d.path())!);
      expect(png.readUInt32BE(16) / png.readUInt32BE(20)).toBeCloseTo(aspect, 2);
    }
    await page.selectOption('[data-page-select]', 'strip');
    await page.click('.export-menu summary');
  });

  it('exports the backward pass as a GIF, one frame per step, with a progress bar', async () => {
    const steps = buildSchedule(dump).steps.length;
    await page.click('.export-menu summary');
    const [d] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      (async () => {
        await page.click('.export-menu [data-format="gif"]');
        await page.waitForSelector('.export-menu progress.gif-progress');
      })(),
    ]);
    await page.click('.export-menu summary');
    expect(d.suggestedFilename()).toBe('backprop-studio-backward.gif');
    const gif = readFileSync((await d.path())!);
    expect(gif.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    expect([gif.readUInt16LE(6), gif.readUInt16LE(8)]).toEqual([1600, 900]);
    let frames = 0;
    for (let i = 0; i + 8 < gif.length; i++)
      if (gif[i] === 0x21 && gif[i + 1] === 0xf9 && gif[i + 2] === 0x04 && gif[i + 7] === 0x00 && gif[i + 8] === 0x2c)
        frames++;
    expect(frames).toBe(steps);
    expect(await page.$('.export-menu progress')).toBeNull();
  });

  it('exports the heatmap as PNG', async () => {
    await select(page, 'W1');
    const png = await download(() => page.click('[data-export="heatmap"]'));
    expect(png.name).toBe('W1-value.png');
    expect(png.bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  });
});
