/**
 * The graph view against the real recorded graph: every named tensor with PyTorch's shape, broadcasts
 * marked exactly where the notebook's statements broadcast (tests/e2e/torch-expected.ts), statements
 * folding and expanding, and screenshots of both themes.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Graph } from '../../core/graph/types';
import { lectureGraph, sortBy } from './expected';
import { torchBroadcasts, torchTitles } from './torch-expected';
import { CHROMIUM, drawnEdgeLabels, drawnNodes, launch, openApp, zoomScale, type AppPage } from './harness';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);

/** The shape a plain edge names on hover (its SVG title). */
const edgeTooltip = (page: Page, id: string) => page.$eval(`path.edge[data-edge="${id}"] title`, (t) => t.textContent);

describe.skipIf(!CHROMIUM)('graph view (Chromium)', () => {
  let browser: Browser;
  let app: AppPage;
  let graph: Graph;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    graph = lectureGraph();
    browser = await launch();
    app = await openApp(browser);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows every named tensor, parameter and data tensor with its shape', async () => {
    const drawn = await drawnNodes(app.page);
    const titles = Object.fromEntries(drawn.map((n) => [n.id, n.title]));
    expect(titles).toMatchObject(torchTitles());
    // Folded by default: no anonymous intermediates on screen.
    expect(drawn.filter((n) => n.kind === 'op')).toEqual([]);
    // The lecture's names and a few shapes, written out so a bug shared by core and page cannot hide.
    const named = drawn.filter((n) => n.kind === 'tensor').map((n) => n.id);
    expect(named).toEqual([
      'emb',
      'embcat',
      'hprebn',
      'bnmeani',
      'bndiff',
      'bndiff2',
      'bnvar',
      'bnvar_inv',
      'bnraw',
      'hpreact',
      'h',
      'logits',
      'logit_maxes',
      'norm_logits',
      'counts',
      'counts_sum',
      'counts_sum_inv',
      'probs',
      'logprobs',
      'loss',
    ]);
    expect(
      drawn
        .filter((n) => n.kind === 'parameter')
        .map((n) => n.id)
        .sort(),
    ).toEqual(['C', 'W1', 'W2', 'b1', 'b2', 'bnbias', 'bngain']);
    expect(
      drawn
        .filter((n) => n.kind === 'data')
        .map((n) => n.id)
        .sort(),
    ).toEqual(['Xb', 'Yb']);
    expect(titles).toMatchObject({
      emb: 'emb · 32×3×10',
      hprebn: 'hprebn · 32×64',
      bnmeani: 'bnmeani · 1×64',
      logits: 'logits · 32×27',
      counts_sum_inv: 'counts_sum_inv · 32×1',
      loss: 'loss · scalar',
    });
    // Parameters, data and intermediates look different.
    const fill = (id: string) => app.page.$eval(`g.node[data-id="${id}"] rect.box`, (r) => getComputedStyle(r).fill);
    const fills = new Set([await fill('W1'), await fill('Xb'), await fill('logits')]);
    expect(fills.size).toBe(3);
  });

  it('marks every broadcast on its edge, and no other edge', async () => {
    const labels = await drawnEdgeLabels(app.page);
    const broadcast = labels.filter((l) => l.broadcast).map(({ source, target, text }) => ({ source, target, text }));
    const key = (b: { source: string; target: string }) => `${b.source}->${b.target}`;
    expect(sortBy(broadcast, key)).toEqual(sortBy(torchBroadcasts(), key));
    expect(broadcast).toContainEqual({ source: 'counts_sum_inv', target: 'probs', text: '32×1 → 32×27, dim 1' });
    expect(broadcast).toContainEqual({ source: 'bnmeani', target: 'bndiff', text: '1×64 → 32×64, dim 0' });
    // Only broadcasts get a drawn label; a plain edge names its operand's shape on hover (its source's title says it too).
    expect(labels.filter((l) => !l.broadcast)).toEqual([]);
    expect(await edgeTooltip(app.page, 'counts->counts_sum')).toBe('32×27');
    expect(await edgeTooltip(app.page, 'emb->embcat')).toBe('32×3×10');
    // One colour for broadcasting, on edges, labels and the legend, used by nothing else.
    const colour = await app.page.$eval('path.edge.broadcast', (p) => getComputedStyle(p).stroke);
    const plain = await app.page.$eval('path.edge:not(.broadcast)', (p) => getComputedStyle(p).stroke);
    expect(colour).not.toBe(plain);
    expect(await app.page.$eval('g.edge-label.broadcast text', (t) => getComputedStyle(t).fill)).toBe(colour);
    expect(await app.page.locator('[data-legend="broadcast"]').textContent()).toContain('32×1 → 32×27, dim 1');
    const nodeStrokes = await app.page.$$eval('g.node rect.box', (rs) => rs.map((r) => getComputedStyle(r).stroke));
    expect(nodeStrokes).not.toContain(colour);
  });

  it('expands a statement on a click on its badge and folds it again', async () => {
    const { page } = app;
    await page.click('g.node[data-id="hprebn"] .badge');
    await page.waitForSelector('g.node[data-id="hprebn/matmul#1"]');
    const drawn = await drawnNodes(page);
    const matmul = drawn.find((n) => n.id === 'hprebn/matmul#1')!;
    expect(matmul).toMatchObject({ kind: 'op', title: 'matmul · 32×64' });
    const labels = await drawnEdgeLabels(page);
    expect(await edgeTooltip(page, 'embcat->hprebn/matmul#1')).toBe('32×30');
    expect(await edgeTooltip(page, 'hprebn/matmul#1->hprebn')).toBe('32×64');
    expect(labels).toContainEqual({ source: 'b1', target: 'hprebn', text: '64 → 32×64, dim 0', broadcast: true });
    await page.click('g.node[data-id="hprebn"] .badge');
    await page.waitForSelector('g.node[data-id="hprebn/matmul#1"]', { state: 'detached' });
  });

  it('with every statement expanded, broadcasts sit exactly on the recorded edges', async () => {
    const { page } = app;
    await page.keyboard.press('x');
    await page.waitForSelector('g.node[data-id="hpreact/mul#1"]');
    const drawn = await drawnNodes(page);
    expect(drawn.map((n) => n.id).sort()).toEqual(graph.nodes.map((n) => n.id).sort());
    // Expanded, a broadcast lands on an op inside its statement (`hpreact/mul#1`): same source and text.
    const statement = (id: string) => id.split('/')[0];
    const broadcast = (await drawnEdgeLabels(page))
      .filter((l) => l.broadcast)
      .map(({ source, target, text }) => ({ source, target, text }));
    const key = (b: { source: string; target: string }) => `${b.source}->${b.target}`;
    expect(
      sortBy(
        broadcast.map((b) => ({ ...b, target: statement(b.target) })),
        key,
      ),
    ).toEqual(sortBy(torchBroadcasts(), key));
    expect(broadcast).toContainEqual({ source: 'bngain', target: 'hpreact/mul#1', text: '1×64 → 32×64, dim 0' });
    await page.keyboard.press('0');
    await page.screenshot({ path: new URL('graph-expanded-light.png', ARTIFACTS).pathname });
    await page.keyboard.press('x');
    await page.waitForSelector('g.node[data-id="hpreact/mul#1"]', { state: 'detached' });
  });

  it('lays the graph out in forward order, in rows that snake: left to right, then right to left, row after row', async () => {
    type Edges = { left: number; right: number; top: number; bottom: number };
    const boxes: Record<string, Edges> = await app.page.$$eval('svg.graph g.node rect.box', (rs) =>
      Object.fromEntries(
        rs.map((r) => [
          r.parentElement!.getAttribute('data-id'),
          (({ left, right, top, bottom }) => ({ left, right, top, bottom }))(r.getBoundingClientRect()),
        ]),
      ),
    );
    // Rows are bands of nodes with a clear gap between them (nodes stacked within a row are 8 px apart).
    const spans = Object.values(boxes).sort((p, q) => p.top - q.top);
    const cuts: number[] = [];
    let reach = spans[0].bottom;
    for (const b of spans) {
      if (b.top > reach + 15) cuts.push(b.top);
      reach = Math.max(reach, b.bottom);
    }
    const rowOf = (id: string) => cuts.filter((c) => c <= boxes[id].top).length;
    const shown = (id: string) => graph.nodes.find((m) => m.id === id)!.group ?? id;
    for (const n of graph.nodes) {
      for (const input of n.inputs) {
        const [from, to] = [shown(input), shown(n.id)];
        if (from === to) continue;
        const [a, b] = [boxes[from], boxes[to]];
        const row = rowOf(from);
        // Earlier in the same row (left of it in an even row, right of it in an odd one), or in an earlier row.
        const before = row < rowOf(to) || (row % 2 === 0 ? a.right <= b.left : b.right <= a.left);
        expect(row <= rowOf(to) && before, `${from} before ${to}`).toBe(true);
      }
    }
    // The lecture graph wraps into rows.
    expect(cuts.length + 1).toBeGreaterThanOrEqual(3);
  });

  it('saves screenshots of the light and dark themes', async () => {
    const { page } = app;
    const shot = (name: string) => page.screenshot({ path: new URL(name, ARTIFACTS).pathname });
    await page.keyboard.press('0');
    // The wrapped lecture graph fits a 1440×900 window at full size.
    expect(await zoomScale(page)).toBeLessThanOrEqual(1);
    await shot('graph-light-fit.png');
    // Back to the start view (the whole graph, wrapped to the window) by reloading the page.
    await page.reload();
    await page.waitForSelector('svg.graph[data-painted="true"]');
    await shot('graph-light.png');
    await page.keyboard.press('t');
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await shot('graph-dark.png');
    await page.keyboard.press('0');
    await shot('graph-dark-fit.png');
    await page.keyboard.press('t');
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  });

  it('runs under the CSP: WebAssembly compiles (the core kernels need it), remote requests do not', async () => {
    const result = await app.page.evaluate(`(async () => ({
      wasm: (() => { try { new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); return 'ok'; } catch (e) { return String(e); } })(),
      remote: await fetch('https://example.com/').then(() => 'loaded', () => 'blocked'),
    }))()`);
    expect(result).toEqual({ wasm: 'ok', remote: 'blocked' });
    // The refusal is reported on the console; that one is expected.
    const refused = app.errors.filter((e) => e.includes('https://example.com/'));
    expect(refused.length).toBeGreaterThan(0);
    app.errors.splice(0, app.errors.length, ...app.errors.filter((e) => !refused.includes(e)));
  });

  it('raised no page errors', () => {
    expect(app.errors).toEqual([]);
  });
});
