/**
 * Opening a learner's notebook in browser mode (Chromium): through the file input, as File → Open notebook…
 * does there. The expectations come from the notebook run here in the test process (Node's Pyodide, the
 * CLI's path, with no files beside it as in a browser) and from what the hand-written notebooks say
 * (their names, shapes, lines and output), never from what the page draws.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPythonNode } from '../../cli/python-node';
import { scheduleGraph } from '../../core/backprop/schedule';
import { parseNotebook } from '../../core/notebook/parse';
import { runNotebook } from '../../core/notebook/run';
import type { NotebookRun } from '../../core/notebook/types';
import { CHROMIUM, drawnNodes, launch, openApp, type AppPage } from './harness';
import { shapeText } from './expected';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const FIXTURES = new URL('./fixtures/notebooks/', import.meta.url).pathname;
const OWN = `${FIXTURES}own-names.ipynb`;
const BROKEN = `${FIXTURES}name-error.py`;

async function runHere(path: string): Promise<NotebookRun> {
  const rt = await loadPythonNode();
  const nb = parseNotebook(path.split('/').pop()!, readFileSync(path));
  return runNotebook(rt, nb, {
    bundledNames: readFileSync(new URL('../../data/names.txt', import.meta.url), 'utf8'),
    readFile: () => null,
  });
}

async function openNotebook(page: Page, path: string): Promise<void> {
  const name = path.split('/').pop()!;
  await page.setInputFiles('[data-testid="open-notebook"]', path);
  await page.waitForSelector(`.notebook-bar:has-text("${name}") output:not([data-status="running"])`, {
    timeout: 60_000,
  });
  await page.waitForSelector('svg.graph[data-painted="true"]', { timeout: 30_000 });
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe.skipIf(!CHROMIUM)('a notebook opened from a file (Chromium)', () => {
  let browser: Browser;
  let app: AppPage;
  let page: Page;
  let own: NotebookRun;
  let broken: NotebookRun;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [own, broken] = [await runHere(OWN), await runHere(BROKEN)];
    browser = await launch();
    app = await openApp(browser);
    page = app.page;
    await openNotebook(page, OWN);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("draws its graph with the learner's names and torch's shapes", async () => {
    // What the notebook itself defines: its names, and the shapes its code gives them (batch 16, vocab 27).
    const written: Record<string, number[]> = {
      table: [27, 5],
      w_in: [15, 32],
      b_in: [32],
      w_out: [32, 27],
      b_out: [27],
      xb: [16, 3],
      yb: [16],
      embed: [16, 3, 5],
      flat: [16, 15],
      h_preact: [16, 32],
      hidden: [16, 32],
      scores: [16, 27],
      probs: [16, 27],
      log_probs: [16, 27],
      loss: [],
    };
    const drawn = Object.fromEntries((await drawnNodes(page)).map((n) => [n.id, n.title]));
    for (const [name, shape] of Object.entries(written))
      expect(drawn[name], name).toBe(`${name} · ${shapeText(shape)}`);
    const named = own
      .graph!.nodes.filter((n) => n.kind !== 'op')
      .map((n) => n.id)
      .sort();
    expect(
      Object.keys(drawn)
        .filter((id) => !id.includes('/'))
        .sort(),
    ).toEqual(named);
    expect(await page.textContent('.notebook-bar')).toContain(own.tensors.loss.data[0].toFixed(4));
    await page.screenshot({ path: `${ARTIFACTS}notebook-graph-light.png` });
  });

  it('lists its cells with what each printed and the bundled names.txt note', async () => {
    const cell1 = await page.textContent('.notebook-panel article[data-cell="1"] .stdout');
    expect(cell1).toBe(own.cells[1].stdout);
    expect(cell1).toBe('2000 27\n');
    expect(await page.textContent('.notebook-panel .notes')).toContain('names.txt');
    expect(await page.locator('.notebook-panel article[data-cell="0"] .markdown').textContent()).toContain(
      'My own MLP',
    );
    // Its link opens a tab of its own, cut off from the app (noopener); the app's page stays where it is.
    const link = page.locator('.notebook-panel article[data-cell="0"] .markdown a');
    expect([await link.getAttribute('target'), await link.getAttribute('rel')]).toEqual([
      '_blank',
      'noopener noreferrer',
    ]);
    const appUrl = page.url();
    const [tab] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    expect(await tab.evaluate(() => window.opener)).toBeNull();
    await tab.close();
    expect(page.url()).toBe(appUrl);
    // The learner's own check line carries autograd's verdict, as the run here judged it.
    const verdicts = await page.$$eval('.notebook-panel article[data-cell="5"] .check', (cs) =>
      cs.map((c) => c.getAttribute('data-verdict')),
    );
    expect(verdicts).toEqual(own.checks.map((c) => c.verdict));
  });

  it('links a code line and its node both ways, and lists its checks in the cmp table', async () => {
    // `h_preact = flat @ w_in + b_in` is line 3 of cell 4 (the notebook's fifth cell).
    await page.hover('.notebook-panel article[data-cell="4"] li[data-line="3"] button');
    await page.waitForSelector('g.node[data-id="h_preact"].highlighted');
    const highlighted = (await drawnNodes(page)).filter((n) => n.classes.includes('highlighted')).map((n) => n.id);
    expect(highlighted).toEqual(['h_preact']);
    await page.mouse.move(1, 899);
    await page.waitForSelector('g.node.highlighted', { state: 'detached' });
    await page.click('.side-panel [data-tab="cmp"]');
    const rows = await page.$$eval('.cmp-table button.row', (rs) =>
      rs.map((r) => [
        r.getAttribute('data-name'),
        r.querySelector('.exact')?.textContent,
        r.querySelector('.approx')?.textContent,
      ]),
    );
    const py = (b: boolean | null) => (b ? 'True' : 'False');
    expect(rows).toEqual(own.checks.map((c) => [c.target, py(c.exact), py(c.approx)]));
    await page.screenshot({ path: `${ARTIFACTS}notebook-cmp-light.png` });
    await page.click('.side-panel [data-tab="forward"]');
  });

  it("steps its backward from loss with the learner's manual lines", async () => {
    const schedule = scheduleGraph(own.graph!);
    const at = schedule.steps.findIndex((s) => s.target === 'log_probs');
    expect(at).toBeGreaterThan(0);
    for (let i = 0; i <= at; i++) {
      await page.keyboard.press('ArrowRight');
      await page.waitForSelector(`.step-panel[data-step="${i}"]`);
    }
    expect(await page.getAttribute('.step-panel', 'data-target')).toBe('log_probs');
    // The two lines the notebook writes for d_log_probs (cell 5), in its words.
    const manual = await page.$$eval('.step-panel .step-manual .line', (ls) => ls.map((l) => l.textContent));
    expect(manual).toEqual(['d_log_probs = torch.zeros_like(log_probs)', 'd_log_probs[range(16), yb] = -1.0 / 16']);
    await page.screenshot({ path: `${ARTIFACTS}notebook-step-light.png` });
  });

  it('inspects a tensor with its own values', async () => {
    // Find selects the node, which opens the inspector.
    await page.keyboard.press('Control+f');
    await page.keyboard.type('h_preact');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.inspector[data-id="h_preact"]');
    await page.keyboard.press('Escape');
    expect(await page.textContent('.inspector [data-stat="shape"]')).toBe('16×32');
    expect(Number(await page.textContent('.inspector [data-stat="mean"]'))).toBeCloseTo(
      mean(own.tensors.h_preact.data),
      5,
    );
  });

  it('exports the graph as PNG', async () => {
    const [d] = await Promise.all([
      page.waitForEvent('download'),
      (async () => {
        await page.click('.export-menu summary');
        await page.click('.export-menu [data-format="png-1"]');
      })(),
    ]);
    await page.click('.export-menu summary');
    const bytes = readFileSync((await d.path())!);
    expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(bytes.readUInt32BE(16)).toBeGreaterThan(200);
  });

  it('shows its matplotlib figures', async () => {
    await page.click('.side-panel [data-tab="figures"]');
    const kinds = await page.$$eval('.figures-panel figure', (fs) => fs.map((f) => f.getAttribute('data-kind')));
    expect(kinds).toEqual(own.figures.map((f) => f.kind));
    expect(kinds).toEqual(['heatmap', 'line']);
    // plt.imshow(d_scores) in cell 6: the batch × vocabulary gradient.
    expect(await page.getAttribute('.figures-panel canvas.heatmap', 'data-rows')).toBe('16');
    expect(await page.getAttribute('.figures-panel canvas.heatmap', 'data-cols')).toBe('27');
    await page.screenshot({ path: `${ARTIFACTS}notebook-figures-light.png` });
  });

  it('shows an exception on its line, keeps what ran before it and marks later cells as not run', async () => {
    await openNotebook(page, BROKEN);
    // `print(reslt)` is on line 22 of the file, in its fourth cell.
    expect(broken.error).toMatchObject({ type: 'NameError', cell: 3, line: 22 });
    const line = page.locator('.notebook-panel article[data-cell="3"] li.error');
    expect(await line.getAttribute('data-line')).toBe('22');
    expect(await line.locator('code').textContent()).toBe('print(reslt)');
    expect(await line.locator('.exception').textContent()).toBe("NameError: name 'reslt' is not defined");
    expect(await page.textContent('.notebook-panel article[data-cell="2"] .stdout')).toBe('total True\n');
    expect(await page.getAttribute('.notebook-panel article[data-cell="4"]', 'data-ran')).toBe('false');
    expect(await page.textContent('.notebook-panel article[data-cell="4"]')).toContain('not run');
    expect(await page.textContent('.notebook-bar')).toContain('NameError in line 22');
    // The graph of the backward that ran before it is there to explore.
    const drawn = (await drawnNodes(page))
      .map((n) => n.id)
      .filter((id) => !id.includes('/'))
      .sort();
    expect(drawn).toEqual(
      broken
        .graph!.nodes.filter((n) => n.kind !== 'op')
        .map((n) => n.id)
        .sort(),
    );
    await page.screenshot({ path: `${ARTIFACTS}notebook-error-light.png` });
  });

  it('looks right in the dark theme too', async () => {
    // The graph pane's background and a tensor node's fill, as drawn (the dark palette: src-common/view/palette.ts).
    const colours = () =>
      page.evaluate(() => ({
        pane: getComputedStyle(document.querySelector('.graph-pane')!).backgroundColor,
        node: getComputedStyle(document.querySelector('svg.graph g.node[data-kind="tensor"] rect')!).fill,
      }));
    const light = await colours();
    await page.keyboard.press('t');
    await page.waitForSelector('html[data-theme="dark"]');
    await page.screenshot({ path: `${ARTIFACTS}notebook-error-dark.png` });
    await openNotebook(page, OWN);
    expect((await drawnNodes(page)).length).toBeGreaterThan(0);
    const dark = await colours();
    expect(dark.pane).toBe('rgb(21, 23, 28)');
    expect(dark.node).not.toBe(light.node);
    await page.screenshot({ path: `${ARTIFACTS}notebook-graph-dark.png` });
    await page.click('.side-panel [data-tab="figures"]');
    await page.screenshot({ path: `${ARTIFACTS}notebook-figures-dark.png` });
    await page.keyboard.press('t');
  });

  it('opens with Ctrl+O through the file chooser, and by dropping a file on the window', async () => {
    // Ctrl+O asks the file input for its chooser. (Watched in the page: Playwright's filechooser event can
    // miss a chooser opened before its interception is switched on.)
    await page.evaluate(`document.querySelector('[data-testid="open-notebook"]').addEventListener('click', (e) => {
      e.preventDefault();
      window.chooserOpened = true;
    }, { once: true })`);
    await page.keyboard.press('Control+o');
    await page.waitForFunction('window.chooserOpened === true', undefined, { timeout: 10_000 });
    expect(await page.getAttribute('[data-testid="open-notebook"]', 'accept')).toBe('.ipynb,.py');
    await page.setInputFiles('[data-testid="open-notebook"]', BROKEN);
    await page.waitForSelector('.notebook-bar:has-text("name-error.py") output[data-status="error"]', {
      timeout: 60_000,
    });
    // A drop carries the file's bytes (browser mode reads nothing beside it).
    const text = readFileSync(OWN, 'utf8');
    const drop = await page.evaluateHandle((t) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], 'dropped.ipynb', { type: 'application/json' }));
      return dt;
    }, text);
    await page.dispatchEvent('body', 'dragenter', { dataTransfer: drop });
    expect(await page.isVisible('.drop')).toBe(true);
    await page.dispatchEvent('body', 'drop', { dataTransfer: drop });
    await page.waitForSelector('.notebook-bar:has-text("dropped.ipynb") output[data-status="ready"]', {
      timeout: 60_000,
    });
    await page.waitForSelector('svg.graph g.node[data-id="h_preact"]');
    expect(await page.isVisible('.drop')).toBe(false);
  });

  it("opens the bundled sample: the lecture's exercise notebook, with PyTorch's loss", async () => {
    await page.click('[data-command="menu"]');
    await page.click('[data-command="open-sample"]');
    await page.waitForSelector('.notebook-bar:has-text("backprop-ninja.ipynb") output[data-status="ready"]', {
      timeout: 90_000,
    });
    // The lecture's loss at its defaults, as PyTorch prints it (README).
    expect(await page.textContent('.notebook-bar')).toContain('loss 3.5571');
    await page.waitForSelector('svg.graph g.node[data-id="bnvar_inv"]');
    // Its names.txt is the bundled one beside it, so there is nothing to say about it.
    expect(await page.$('.notebook-panel .notes')).toBeNull();
  });

  it('renders markdown cells and numbers code cells only, In [1] first, as Jupyter does', async () => {
    const first = page.locator('.notebook-panel article.cell').first();
    expect(await first.getAttribute('class')).toContain('markdown');
    expect(await first.locator('h1').textContent()).toBe('Becoming a backprop ninja');
    expect(
      await page.$$eval('.notebook-panel .cell-head span:first-child', (s) => s.slice(0, 3).map((e) => e.textContent)),
    ).toEqual(['In [1]', 'In [2]', 'In [3]']);
  });

  it('shows a notebook that records no graph as its cells alone, with nothing left of the previous graph', async () => {
    await page.setInputFiles('[data-testid="open-notebook"]', {
      name: 'hello.py',
      mimeType: 'text/x-python',
      buffer: Buffer.from("print('hello')\n"),
    });
    await page.waitForSelector('.notebook-bar:has-text("hello.py") output[data-status="ready"]', { timeout: 60_000 });
    expect(await page.textContent('.notebook-panel article[data-cell="0"] .stdout')).toBe('hello\n');
    expect(await page.textContent('.graph-view .message')).toContain('hello.py recorded no graph');
    expect(await page.$$('svg.graph g.node')).toHaveLength(0);
    await page.click('[data-command="menu"]');
    await page.click('[data-command="open-sample"]');
    await page.waitForSelector('.notebook-bar:has-text("backprop-ninja.ipynb") output[data-status="ready"]', {
      timeout: 90_000,
    });
  });

  it('says what is wrong with a file that is not a notebook, and keeps the notebook on screen', async () => {
    const bytes = Buffer.from('{"cells": [');
    let expected = '';
    try {
      parseNotebook('truncated.ipynb', bytes);
    } catch (e) {
      expected = (e as Error).message;
    }
    expect(expected).toContain('truncated.ipynb: is not valid JSON');
    await page.setInputFiles('[data-testid="open-notebook"]', {
      name: 'truncated.ipynb',
      mimeType: 'application/json',
      buffer: bytes,
    });
    await page.waitForSelector(`.toast:has-text("${expected.slice(0, 40)}")`);
    expect(await page.textContent('.toast span')).toBe(expected);
    expect(await page.textContent('.notebook-bar .file')).toContain('backprop-ninja.ipynb');
  });

  it('goes back to the built-in lecture', async () => {
    await page.click('.notebook-bar [data-command="close-notebook"]');
    await page.waitForSelector('.config-bar output[data-status="ready"]');
    await page.waitForSelector('svg.graph g.node[data-id="bnvar_inv"]');
    expect(await page.$('.notebook-bar')).toBeNull();
    expect(app.errors).toEqual([]);
  });
});
