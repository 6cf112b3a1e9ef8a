/**
 * Using the app: hovering links code and graph, the config bar re-runs the core (and refuses bad values
 * inline), keyboard shortcuts, find, the in-app menu, dialogs and Export… (a download in browser mode).
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Graph } from '../../core/graph/types';
import { expectedTitles, lectureGraph } from './expected';
import { afterRerun, CHROMIUM, drawnNodes, launch, openApp, setConfigField, zoomScale, type AppPage } from './harness';

/** Waits until node `id` sits in the horizontal middle of the graph view. */
async function expectCentred(page: Page, id: string): Promise<void> {
  await expect
    .poll(async () => {
      const view = (await page.locator('svg.graph').boundingBox())!;
      const node = (await page.locator(`g.node[data-id="${id}"]`).boundingBox())!;
      return Math.abs(node.x + node.width / 2 - (view.x + view.width / 2));
    })
    .toBeLessThan(2);
}

const titlesOnPage = async (page: Page) => Object.fromEntries((await drawnNodes(page)).map((n) => [n.id, n.title]));

describe.skipIf(!CHROMIUM)('using the app (Chromium)', () => {
  let browser: Browser;
  let app: AppPage;
  let page: Page;

  beforeAll(async () => {
    browser = await launch();
    app = await openApp(browser);
    page = app.page;
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the forward pass source line by line', async () => {
    const graph = lectureGraph();
    const lines = await page.$$eval('.code-panel li code', (cs) => cs.map((c) => c.textContent));
    expect(lines).toEqual(graph.source);
  });

  it('hovering a code line highlights its nodes', async () => {
    const line = lectureGraph().source.indexOf('counts_sum_inv = counts_sum**-1');
    await page.hover(`.code-panel li[data-line="${line}"] button`);
    await page.waitForSelector('g.node[data-id="counts_sum_inv"].highlighted');
    const highlighted = (await drawnNodes(page)).filter((n) => n.classes.includes('highlighted')).map((n) => n.id);
    expect(highlighted).toEqual(['counts_sum_inv']);
    expect(await page.getAttribute('g.node[data-id="logits"]', 'class')).toContain('dimmed');
    // Clicking the line centres the graph on its node.
    await page.click(`.code-panel li[data-line="${line}"] button`);
    await expectCentred(page, 'counts_sum_inv');
    await page.screenshot({ path: new URL('../../test-artifacts/hover-code-line.png', import.meta.url).pathname });
    await page.mouse.move(1, 899);
    await page.waitForSelector('g.node.highlighted', { state: 'detached' });
  });

  it('hovering a node highlights its line; a parameter lights the lines that read it', async () => {
    const graph = lectureGraph();
    await page.click('[data-command="fit"]');
    await page.hover('g.node[data-id="probs"]', { force: true });
    await page.waitForSelector('.code-panel li.highlighted');
    const lit = await page.$$eval('.code-panel li.highlighted', (ls) =>
      ls.map((l) => Number(l.getAttribute('data-line'))),
    );
    expect(lit).toEqual([graph.source.indexOf('probs = counts * counts_sum_inv')]);
    await page.hover('g.node[data-id="W1"]', { force: true });
    await page.waitForFunction(() => document.querySelectorAll('.code-panel li.highlighted').length === 1);
    expect(await page.$$eval('.code-panel li.highlighted code', (cs) => cs.map((c) => c.textContent))).toEqual([
      'hprebn = embcat @ W1 + b1',
    ]);
    await page.mouse.move(1, 899);
  });

  it('changing n_hidden and batch size re-runs the core and redraws without reloading', async () => {
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await afterRerun(page, () => setConfigField(page, 'n_hidden', '128'));
    let expected: Graph = lectureGraph({ n_hidden: 128 });
    expect(await titlesOnPage(page)).toMatchObject(expectedTitles(expected));
    expect((await titlesOnPage(page)).hprebn).toBe('hprebn · 32×128');

    await afterRerun(page, () => setConfigField(page, 'batch_size', '16'));
    expected = lectureGraph({ n_hidden: 128, batch_size: 16 });
    expect(await titlesOnPage(page)).toMatchObject(expectedTitles(expected));
    expect((await titlesOnPage(page)).emb).toBe('emb · 16×3×10');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
  });

  it('changing the variant or the seed re-runs the core', async () => {
    const loss = async () => Number(await page.getAttribute('.config-bar [data-loss]', 'data-loss'));
    const before = await loss();
    await afterRerun(page, async () => {
      await page.selectOption('.config-bar select[name="variant"]', 'fused');
    });
    expect(await loss()).toBeCloseTo(before, 6);
    await afterRerun(page, () => setConfigField(page, 'seed', '42'));
    expect(await loss()).not.toBeCloseTo(before, 3);
  });

  it('an invalid value gets an inline message, not a run or a crash', async () => {
    const runs = () => page.evaluate(() => performance.getEntriesByName('core:run-start').length);
    const before = await runs();
    await setConfigField(page, 'n_hidden', 'abc');
    await expect
      .poll(() => page.locator('[data-field="n_hidden"][role="alert"]').textContent())
      .toContain('whole number');
    expect(await page.getAttribute('.config-bar input[name="n_hidden"]', 'aria-invalid')).toBe('true');
    await setConfigField(page, 'batch_size', '1');
    await expect
      .poll(() => page.locator('[data-field="batch_size"][role="alert"]').textContent())
      .toContain('between 2 and 1024');
    await setConfigField(page, 'n_hidden', '');
    await expect
      .poll(() => page.locator('[data-field="n_hidden"][role="alert"]').textContent())
      .toContain('n_hidden needs a value');
    expect(await runs()).toBe(before);
    expect((await titlesOnPage(page)).hprebn).toBe('hprebn · 16×128');
    // Fixing the values clears the messages and runs again.
    await afterRerun(page, () => setConfigField(page, 'batch_size', '32'));
    await afterRerun(page, () => setConfigField(page, 'n_hidden', '64'));
    expect(await page.locator('.config-bar [role="alert"]').count()).toBe(0);
    expect(await titlesOnPage(page)).toMatchObject(expectedTitles(lectureGraph({ seed: 42 })));
  });

  it('keyboard shortcuts zoom, fit, toggle the theme and fold statements', async () => {
    await page.locator('svg.graph').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('0');
    const fit = await zoomScale(page);
    await page.keyboard.press('=');
    expect(await zoomScale(page)).toBeCloseTo(fit * 1.25, 5);
    await page.keyboard.press('-');
    await page.keyboard.press('-');
    expect(await zoomScale(page)).toBeCloseTo(fit * 1.25 * 0.8 * 0.8, 5);
    await page.keyboard.press('Control+=');
    expect(await zoomScale(page)).toBeCloseTo(fit, 5);
    await page.keyboard.press('Control+-');
    expect(await zoomScale(page)).toBeCloseTo(fit * 0.8, 5);
    await page.keyboard.press('Control+0');
    expect(await zoomScale(page)).toBeCloseTo(fit, 5);
    // After fit, the whole graph is inside the view.
    const view = (await page.locator('svg.graph').boundingBox())!;
    const graph = (await page.locator('svg.graph g.viewport').boundingBox())!;
    expect(graph.x).toBeGreaterThanOrEqual(view.x);
    expect(graph.x + graph.width).toBeLessThanOrEqual(view.x + view.width + 1);

    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    await page.keyboard.press('t');
    expect(await theme()).toBe('dark');
    await page.keyboard.press('Control+Shift+L');
    expect(await theme()).toBe('light');

    await page.keyboard.press('x');
    await page.waitForSelector('g.node[data-kind="op"]');
    await page.keyboard.press('x');
    await page.waitForSelector('g.node[data-kind="op"]', { state: 'detached' });
  });

  it('up/down and Shift+left/right pan the graph (plain left/right step the backprop player)', async () => {
    const translate = async () => (await page.getAttribute('svg.graph g.viewport', 'transform'))!;
    let before = await translate();
    await page.keyboard.press('Shift+ArrowRight');
    expect(await translate()).not.toBe(before);
    before = await translate();
    await page.keyboard.press('ArrowUp');
    expect(await translate()).not.toBe(before);
  });

  it('typing in a config field does not trigger single-key shortcuts', async () => {
    const input = page.locator('.config-bar input[name="seed"]');
    await input.click();
    await page.keyboard.press('t');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await input.fill(String(42));
    await page.locator('svg.graph').click({ position: { x: 5, y: 5 } });
  });

  it('finds a node by name, expanding its statement when it is folded', async () => {
    await page.keyboard.press('/');
    const box = page.locator('.find input');
    await box.waitFor();
    await box.fill('counts_sum_inv');
    await box.press('Enter');
    await page.waitForSelector('g.node[data-id="counts_sum_inv"].selected');
    // Centred in the view.
    await expectCentred(page, 'counts_sum_inv');
    await box.fill('matmul');
    await box.press('Enter');
    await page.waitForSelector('g.node[data-id="hprebn/matmul#1"].selected');
    await box.fill('no_such_tensor');
    await box.press('Enter');
    expect(await page.locator('.find [role="alert"]').textContent()).toContain('No node named');
    await box.press('Escape');
    await page.waitForSelector('.find', { state: 'detached' });
    await page.click('g.node[data-id="hprebn"] .badge');
    await page.keyboard.press('Control+f');
    await page.waitForSelector('.find input');
    await page.keyboard.press('Escape');
  });

  it('Help → Keyboard shortcuts lists the shortcuts; About tells the version', async () => {
    await page.keyboard.press('?');
    const dialog = page.locator('dialog[aria-label="Keyboard shortcuts"]');
    await dialog.waitFor();
    const text = await dialog.textContent();
    for (const label of ['Zoom in', 'Zoom out', 'Fit to window', 'Find node', 'Toggle theme', 'Export'])
      expect(text).toContain(label);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.click('[data-command="menu"]');
    await page.click('[role="menuitem"][data-command="about"]');
    const about = page.locator('dialog[aria-label="About Backprop Studio"]');
    await about.waitFor();
    const version = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version as string;
    await expect.poll(() => about.locator('[data-version]').textContent()).toBe(version);
    expect(await about.textContent()).toContain('browser');
    await page.keyboard.press('Escape');
    await about.waitFor({ state: 'detached' });
  });

  it('the ☰ menu is named and works from the keyboard: arrows, Home/End, typeahead, Escape (WAI-ARIA menu)', async () => {
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-command') ?? null);
    const viewport = () => page.getAttribute('svg.graph g.viewport', 'transform');
    expect(await page.getAttribute('[data-command="menu"]', 'aria-label')).toBe('Menu');
    await page.focus('[data-command="menu"]');
    const before = await viewport();
    await page.keyboard.press('ArrowDown');
    await page.waitForSelector('[role="menu"]');
    expect(await focused()).toBe('open-notebook');
    const moves = [
      ['ArrowDown', 'open-sample'],
      ['End', 'about'],
      ['ArrowDown', 'open-notebook'],
      ['ArrowUp', 'about'],
      ['Home', 'open-notebook'],
      ['k', 'shortcuts'],
      ['s', 'start-exercise'],
    ];
    for (const [key, to] of moves) {
      await page.keyboard.press(key);
      expect(await focused(), key).toBe(to);
    }
    // None of it reached the graph behind the menu (arrows pan it, letters are its shortcuts).
    expect(await viewport()).toBe(before);
    await page.keyboard.press('Escape');
    await page.waitForSelector('[role="menu"]', { state: 'detached' });
    expect(await focused()).toBe('menu');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[role="menu"]');
    expect(await focused()).toBe('open-notebook');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[role="menu"]', { state: 'detached' });
  });

  it('Export… downloads the graph as standalone SVG in browser mode', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+e')]);
    expect(download.suggestedFilename()).toBe('backprop-studio-graph.svg');
    const svg = readFileSync((await download.path())!, 'utf8');
    expect(svg.startsWith('<svg') || svg.startsWith('<?xml')).toBe(true);
    for (const n of lectureGraph({ seed: 42 }).nodes.filter((n: Graph['nodes'][number]) => n.kind !== 'op'))
      expect(svg).toContain(n.name);
    await page.waitForSelector('.toast :text("Saved backprop-studio-graph.svg")');
    const [again] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-command="menu"]').then(() => page.click('[role="menuitem"][data-command="export"]')),
    ]);
    expect(again.suggestedFilename()).toBe('backprop-studio-graph.svg');
  });

  it('raised no page errors', () => {
    expect(app.errors).toEqual([]);
  });
});
