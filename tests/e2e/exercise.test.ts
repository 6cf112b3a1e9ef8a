/**
 * Exercise mode in browser mode (Chromium): "Start the exercise", then typing into the backward editor as a
 * learner does, on the sample (blank) and on a notebook with other names and two hidden layers (its own
 * backward cell), each kind of mistake and its fix checked live by the real checker in the Python worker.
 * The messages are the core's (core/diagnose); these tests hold them to their key facts (names, dims, `+=`),
 * not to their wording. Typing never reaches the app's shortcuts. Screenshots of every verdict in both themes.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNotebook } from '../../core/notebook/parse';
import {
  CHROMIUM,
  EDITOR,
  axeViolations,
  launch,
  openApp,
  openExercise,
  setEditorText,
  zoomScale,
  type AppPage,
} from './harness';

const ARTIFACTS = new URL('../../test-artifacts/exercise/', import.meta.url).pathname;
const TWO_LAYERS = new URL('../fixtures/notebooks/two-layers.ipynb', import.meta.url).pathname;
const MESSAGE = '[data-testid="line-message"]';

/** Puts the cursor at the end of an editor line (1-based), by keyboard as a learner would. */
async function goToLine(page: Page, line: number): Promise<void> {
  await page.click(`${EDITOR} .cm-content`);
  await page.keyboard.press('Control+Home');
  for (let i = 1; i < line; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
}

/** Replaces an editor line's text by typing it (the editor closes brackets; typing the closer steps over it). */
async function retype(page: Page, line: number, text: string): Promise<void> {
  await goToLine(page, line);
  await page.keyboard.press('Shift+Home');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.type(text);
}

const editorText = (page: Page) =>
  page.$eval(`${EDITOR} .cm-content`, (el) =>
    [...el.querySelectorAll('.cm-line')].map((l) => l.textContent ?? '').join('\n'),
  );

/** Waits for a line's verdict to be judged (not pending) and returns it with the message shown below the editor. */
async function verdictOf(page: Page, line: number): Promise<{ verdict: string; message: string; title: string }> {
  await goToLine(page, line);
  const mark = `${EDITOR} [data-testid="line-verdict"][data-line="${line}"]`;
  await page.waitForSelector(`${mark}:not([data-verdict="pending"])`, { timeout: 30_000 });
  // The message area follows the cursor.
  await page.waitForSelector(`${MESSAGE}:not([data-verdict="pending"]):not([data-verdict=""])`, { timeout: 30_000 });
  const verdict = (await page.getAttribute(mark, 'data-verdict'))!;
  const title = (await page.getAttribute(mark, 'title'))!;
  const message = (await page.textContent(MESSAGE))!.replace(/\s+/g, ' ').trim();
  return { verdict, message, title };
}

/** Types `text` on `line`, then waits for its verdict. */
async function typeAndCheck(page: Page, line: number, text: string) {
  await retype(page, line, text);
  expect((await editorText(page)).split('\n')[line - 1]).toBe(text);
  return verdictOf(page, line);
}

const stepOnScreen = (page: Page) => page.getAttribute('.step-panel', 'data-step');

async function shoot(page: Page, name: string): Promise<void> {
  await page.locator('.side-panel').screenshot({ path: `${ARTIFACTS}${name}.png` });
}

describe.skipIf(!CHROMIUM)('exercise mode (Chromium)', () => {
  let browser: Browser;
  let app: AppPage;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launch();
    app = await openApp(browser);
    page = app.page;
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('starts on the sample with the backward cell blank but its commented cmp lines', async () => {
    await openExercise(page);
    expect(await page.$$eval('[data-exercise-cell]', (bs) => bs.map((b) => b.textContent?.trim()))).toEqual([
      'Exercise 1',
      'Exercise 2',
      'Exercise 3',
    ]);
    const text = await editorText(page);
    expect(text).toContain("# cmp('logprobs', dlogprobs, logprobs)");
    expect(text).not.toMatch(/^dprobs = /m);
    await page.waitForSelector('svg.graph[data-painted="true"]');
    expect(app.errors).toEqual([]);
  });

  it("typing never triggers the app's shortcuts", async () => {
    await setEditorText(page, 'dlogprobs = torch.zeros_like(logprobs)\n\n' + (await editorText(page)));
    await verdictOf(page, 1);
    // On a line of its own (no gradient there, so the cursor selects no step).
    await goToLine(page, 2);
    const layouts = () => page.evaluate(() => performance.getEntriesByName('graph:layout-start').length);
    const before = {
      layouts: await layouts(),
      step: await stepOnScreen(page),
      theme: await page.getAttribute('html', 'data-theme'),
      zoom: await zoomScale(page),
    };
    await page.keyboard.type('t = [0, 1] + [-2] / 3 ');
    for (const key of ['Space', 'ArrowLeft', 'ArrowRight', 'Home', 'End', '[', ']', 'x', '0', '?', '/'])
      await page.keyboard.press(key);
    await page.waitForTimeout(300);
    expect(await stepOnScreen(page)).toBe(before.step);
    // Each check puts a new run on screen with the same graph: it is not laid out again.
    expect(await layouts()).toBe(before.layouts);
    expect(await page.getAttribute('html', 'data-theme')).toBe(before.theme);
    expect(await zoomScale(page)).toBe(before.zoom);
    expect(await page.$('.stage .find')).toBeNull();
    expect(await page.$('[role="dialog"]')).toBeNull();
    expect(await page.getAttribute('.player-bar [data-action="toggle"]', 'aria-label')).toBe('Play backprop');
    // Undo takes the typing back (the editor's own Ctrl+Z, not an app command).
    for (let i = 0; i < 20 && (await editorText(page)).split('\n')[1] !== ''; i++)
      await page.keyboard.press('Control+z');
    expect((await editorText(page)).split('\n')[1]).toBe('');
    // The editor's search is Ctrl+F there, not the graph's find box.
    await page.keyboard.press('Control+f');
    await page.waitForSelector(`${EDITOR} .cm-search`);
    expect(await page.$('.stage .find')).toBeNull();
    await page.keyboard.press('Escape');
  });

  it('tells a wrong sign, a factor of n, and a gradient wrong because its upstream one is', async () => {
    await goToLine(page, 1);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    let v = await typeAndCheck(page, 2, 'dlogprobs[range(n), Yb] = 1.0/n');
    expect(v.verdict).toBe('wrong');
    expect(v.message).toMatch(/dlogprobs/);
    expect(v.message).toMatch(/sign|−|negat/i);
    await shoot(page, 'wrong-light');
    // The inspector's diff is the learner's gradient from this check against autograd's: wrong at the 32 targets.
    await page.click('.step-panel [data-inspect="diff"]');
    await page.waitForSelector('.inspector .wrong');
    expect(await page.getAttribute('.inspector .wrong', 'data-wrong')).toBe('32');
    await page.keyboard.press('Escape');

    v = await typeAndCheck(page, 2, 'dlogprobs[range(n), Yb] = -1.0');
    expect(v.verdict).toBe('wrong');
    expect(v.message).toMatch(/\bn\b|32|factor/);

    await goToLine(page, 2);
    await page.keyboard.press('Enter');
    v = await typeAndCheck(page, 3, 'dprobs = (1.0 / probs) * dlogprobs');
    expect(v.verdict).toBe('wrong');
    // Fix the upstream line first: the message names it.
    expect(v.message).toMatch(/dlogprobs/);
    expect(v.message).toMatch(/line 2|first/);

    v = await typeAndCheck(page, 2, 'dlogprobs[range(n), Yb] = -1.0/n');
    expect(v.verdict).toBe('exact');
    await shoot(page, 'exact-light');
    expect((await verdictOf(page, 3)).verdict).toBe('exact');
    // `dlogprobs = torch.zeros_like(logprobs)` is still being built there: judged on the line that completes it.
    expect(await page.getAttribute(`${EDITOR} [data-testid="line-verdict"][data-line="1"]`, 'data-verdict')).toBe(
      'pending',
    );
  });

  it('tells a wrong shape with its broadcast story, and a sum over the wrong dim', async () => {
    await goToLine(page, 3);
    await page.keyboard.press('Enter');
    let v = await typeAndCheck(page, 4, 'dcounts_sum_inv = counts * dprobs');
    expect(v.verdict).toBe('shape');
    expect(v.message).toMatch(/counts_sum_inv/);
    expect(v.message).toMatch(/32×1|32x1/);
    expect(v.message).toMatch(/sum/);
    expect(v.message).toMatch(/dim 1/);
    await shoot(page, 'shape-light');

    v = await typeAndCheck(page, 4, 'dcounts_sum_inv = (counts * dprobs).sum(0, keepdim=True)');
    expect(['shape', 'wrong']).toContain(v.verdict);
    expect(v.message).toMatch(/dim 1/);

    v = await typeAndCheck(page, 4, 'dcounts_sum_inv = (counts * dprobs).sum(1, keepdim=True)');
    expect(v.verdict).toBe('exact');
  });

  it('tells a gradient that misses a consumer (`+=`), then takes the fix', async () => {
    await goToLine(page, 4);
    await page.keyboard.press('Enter');
    await page.keyboard.insertText(
      'dcounts = counts_sum_inv * dprobs\ndcounts_sum = (-counts_sum**-2) * dcounts_sum_inv\n',
    );
    expect((await verdictOf(page, 6)).verdict).toBe('exact');
    let v = await typeAndCheck(page, 7, 'dcounts = torch.ones_like(counts) * dcounts_sum');
    expect(v.verdict).toBe('wrong');
    expect(v.message).toMatch(/dcounts/);
    expect(v.message).toMatch(/\+=/);
    v = await typeAndCheck(page, 7, 'dcounts += torch.ones_like(counts) * dcounts_sum');
    expect(v.verdict).toBe('exact');
  });

  it('says a gradient is ≈0 by design, and tells a transposed matrix gradient', async () => {
    await goToLine(page, 7);
    await page.keyboard.press('Enter');
    await page.keyboard.insertText(
      'dnorm_logits = counts * dcounts\ndlogits = dnorm_logits.clone()\ndlogit_maxes = (-dnorm_logits).sum(1, keepdim=True)\n',
    );
    const zero = await verdictOf(page, 10);
    expect(['approx', 'exact']).toContain(zero.verdict);
    expect(zero.message).toMatch(/logit_maxes/);
    expect(zero.message).toMatch(/0|zero/i);
    if (zero.verdict === 'approx') await shoot(page, 'approx-light');

    await page.keyboard.press('Enter');
    await page.keyboard.insertText(
      'dlogits += F.one_hot(logits.max(1).indices, num_classes=logits.shape[1]) * dlogit_maxes\ndh = dlogits @ W2.T\n',
    );
    expect((await verdictOf(page, 12)).verdict).toMatch(/exact|approx/);
    await page.keyboard.insertText('\n');
    const v = await typeAndCheck(page, 13, 'dW2 = dlogits.T @ h');
    expect(v.verdict).toBe('shape');
    expect(v.message).toMatch(/W2/);
    expect(v.message).toMatch(/27×64|27x64/);
    expect(v.message).toMatch(/transpos|\.T/);
  });

  it('marks a syntax error on its own line; the lines before it keep their verdicts', async () => {
    const v = await typeAndCheck(page, 13, 'dW2 = h.T @ dlogits +');
    expect(v.verdict).toBe('error');
    expect(v.message).toMatch(/SyntaxError|invalid syntax/);
    for (const line of [2, 3, 12])
      expect(
        await page.getAttribute(`${EDITOR} [data-testid="line-verdict"][data-line="${line}"]`, 'data-verdict'),
      ).toMatch(/exact|approx/);
    await shoot(page, 'error-light');
    await retype(page, 13, 'dW2 = h.T @ dlogits');
    expect((await verdictOf(page, 13)).verdict).toMatch(/exact|approx/);
  });

  it('follows the learner: the cmp table lists their lines, a step marks its line, the cursor picks the step', async () => {
    await page.click('.side-panel [data-tab="cmp"]');
    const rows = await page.$$eval('.cmp-table button.row', (rs) => rs.map((r) => r.getAttribute('data-name')));
    expect(rows.slice(0, 4)).toEqual(['logprobs', 'probs', 'counts_sum_inv', 'counts']);
    expect(rows).toContain('W2');
    // Clicking a row goes to its step, and the editor marks (and shows) the learner's line for it.
    await page.click('.cmp-table button.row[data-name="counts_sum_inv"]');
    await page.click('.side-panel [data-tab="step"]');
    expect(await page.getAttribute('.step-panel', 'data-target')).toBe('counts_sum_inv');
    await page.waitForSelector(`${EDITOR} .cm-step-line`);
    expect(await page.$$eval(`${EDITOR} .cm-step-line`, (ls) => ls.map((l) => l.textContent))).toEqual([
      'dcounts_sum_inv = (counts * dprobs).sum(1, keepdim=True)',
    ]);
    expect(await page.textContent('.step-panel .step-manual')).toContain('dcounts_sum_inv = (counts * dprobs).sum(1');
    // The cursor onto the dh line selects dh's step.
    await goToLine(page, 12);
    await page.waitForSelector('.step-panel[data-target="h"]');
    // The step panel keeps the answer hidden (the hints reveal it).
    expect(await page.$('.step-panel .whole')).toBeNull();
    await page.screenshot({ path: `${ARTIFACTS}sample-1440-light.png` });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('switches between the exercise cells, each keeping its text; the cmp table follows the one on screen', async () => {
    const first = await editorText(page);
    await page.click('[data-exercise-cell]:nth-child(2)');
    await page.waitForFunction(
      (sel) => !document.querySelector(`${sel} .cm-content`)?.textContent?.includes('dcounts_sum_inv ='),
      EDITOR,
    );
    await setEditorText(page, 'dlogits = F.softmax(logits, 1)\ndlogits[range(n), Yb] -= 1\ndlogits /= n\n');
    const v = await verdictOf(page, 3);
    // The one-line cross-entropy backward rounds differently from the chain: approximate is the expected result.
    expect(v.verdict).toMatch(/approx|exact/);
    await page.click('.side-panel [data-tab="cmp"]');
    expect(await page.$$eval('.cmp-table button.row', (rs) => rs.map((r) => r.getAttribute('data-name')))).toEqual([
      'logits',
    ]);
    await page.click('[data-exercise-cell]:nth-child(1)');
    await page.waitForFunction(
      (sel) => document.querySelector(`${sel} .cm-content`)?.textContent?.includes('dcounts_sum_inv ='),
      EDITOR,
    );
    // (The editor draws only the lines near its view: the learner's 13 are at the top.)
    expect((await editorText(page)).split('\n').slice(0, 14)).toEqual(first.split('\n').slice(0, 14));
    await page.waitForFunction(() => document.querySelectorAll('.cmp-table button.row').length > 1);
    await page.click('.side-panel [data-tab="step"]');
  });

  it('shows every verdict in the dark theme too', async () => {
    await page.click('[data-command="toggle-theme"]');
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
    await goToLine(page, 12);
    await shoot(page, 'exact-dark');
    await retype(page, 13, 'dW2 = dlogits.T @ h');
    await verdictOf(page, 13);
    await shoot(page, 'shape-dark');
    await retype(page, 13, 'dW2 = h.T @ dlogits +');
    await verdictOf(page, 13);
    await shoot(page, 'error-dark');
    await retype(page, 2, 'dlogprobs[range(n), Yb] = 1.0/n');
    await verdictOf(page, 2);
    await shoot(page, 'wrong-dark');
    await retype(page, 2, 'dlogprobs[range(n), Yb] = -1.0/n');
    await goToLine(page, 10);
    await shoot(page, 'approx-dark');
    await page.screenshot({ path: `${ARTIFACTS}sample-1440-dark.png` });
    expect(await axeViolations(page)).toEqual([]);
    await page.click('[data-command="toggle-theme"]');
    expect(app.errors).toEqual([]);
  });

  it('shows the verdict of an edit soon after typing pauses (debounce + the check in the worker + drawing)', async () => {
    const times: number[] = [];
    for (const text of ['dW2 = h.T @ dlogits * 1', 'dW2 = h.T @ dlogits']) {
      await retype(page, 13, text.slice(0, -1));
      await verdictOf(page, 13);
      await page.keyboard.press('End');
      const t0 = Date.now();
      await page.keyboard.type(text.slice(-1));
      await page.waitForSelector(
        `${EDITOR} [data-testid="line-verdict"][data-line="13"]:not([data-verdict="pending"])`,
      );
      times.push(Date.now() - t0);
    }
    console.log(`exercise: edit → verdict in the page ${times.map((t) => `${t} ms`).join(', ')} (debounce 60 ms)`);
    expect(Math.min(...times)).toBeLessThan(1000);
  });

  it('fits the editor beside the graph at 1280×720 and 1024×640', async () => {
    for (const [width, height] of [
      [1280, 720],
      [1024, 640],
    ]) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(400);
      const box = (await page.locator(EDITOR).boundingBox())!;
      const graph = (await page.locator('svg.graph').boundingBox())!;
      expect(box.width).toBeGreaterThanOrEqual(340);
      expect(box.height).toBeGreaterThanOrEqual(150);
      expect(graph.x).toBeGreaterThanOrEqual(box.x + box.width - 1);
      expect(graph.width).toBeGreaterThan(500);
      // Nothing reaches past the window's right edge (no sideways scroll).
      const past = await page.evaluate(() =>
        // (HTML boxes: the graph's own marks pan beyond its view and are clipped by its svg.)
        [...document.querySelectorAll('body *')]
          .filter((e) => !(e instanceof SVGElement) || e instanceof SVGSVGElement)
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5 && e.getClientRects().length > 0)
          .map((e) => `${e.tagName.toLowerCase()}.${e.getAttribute('class') ?? ''}`),
      );
      expect(past, `${width}×${height}`).toEqual([]);
      await page.screenshot({ path: `${ARTIFACTS}sample-${width}-light.png` });
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});

describe.skipIf(!CHROMIUM)('exercise mode on a notebook with two hidden layers and its own names (Chromium)', () => {
  let browser: Browser;
  let app: AppPage;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launch();
    app = await openApp(browser);
    page = app.page;
    await page.setInputFiles('[data-testid="open-notebook"]', TWO_LAYERS);
    await openExercise(page, 'notebook');
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("opens the learner's own backward cell, its two planted mistakes judged", async () => {
    const text = await editorText(page);
    expect(text).toContain('db2 = dh2pre.sum(0, keepdim=True)');
    // Line 10: `db2` is 1×30 for a 30 `b2`, broadcast in `h2pre = h1 @ W2 + b2`.
    await goToLine(page, 10);
    const db2 = await verdictOf(page, 10);
    expect(db2.verdict).toBe('shape');
    expect(db2.message).toMatch(/db2/);
    expect(db2.message).toMatch(/b2/);
    expect(db2.message).toMatch(/1×30|1x30/);
    // Line 13: a factor of 2.
    await goToLine(page, 13);
    const dW1 = await verdictOf(page, 13);
    expect(dW1.verdict).toBe('wrong');
    expect(dW1.message).toMatch(/dW1/);
    expect(dW1.message).toMatch(/2/);
    expect((await verdictOf(page, 5)).verdict).toMatch(/exact|approx/);
  });

  it('takes the fixes, and tells a transposed dW3, a wrong sum dim and a sign with its downstream line', async () => {
    expect((await typeAndCheck(page, 10, 'db2 = dh2pre.sum(0)')).verdict).toMatch(/exact|approx/);
    expect((await typeAndCheck(page, 13, 'dW1 = embcat.T @ dh1pre')).verdict).toMatch(/exact|approx/);

    let v = await typeAndCheck(page, 5, 'dW3 = dlogits.T @ h2');
    expect(v.verdict).toBe('shape');
    expect(v.message).toMatch(/W3/);
    expect(v.message).toMatch(/transpos|\.T/);
    expect((await typeAndCheck(page, 5, 'dW3 = h2.T @ dlogits')).verdict).toMatch(/exact|approx/);

    v = await typeAndCheck(page, 6, 'db3 = dlogits.sum(1)');
    expect(v.verdict).toBe('shape');
    expect(v.message).toMatch(/db3/);
    expect(v.message).toMatch(/dim 0|sum\(0/);
    expect((await typeAndCheck(page, 6, 'db3 = dlogits.sum(0)')).verdict).toMatch(/exact|approx/);

    v = await typeAndCheck(page, 8, 'dh2pre = (h2**2 - 1) * dh2');
    expect(v.verdict).toBe('wrong');
    expect(v.message).toMatch(/sign|−|negat/i);
    await goToLine(page, 9);
    const down = await verdictOf(page, 9);
    expect(down.verdict).toBe('wrong');
    expect(down.message).toMatch(/dh2pre/);
    await page.screenshot({ path: `${ARTIFACTS}two-layers-1440-light.png` });
    expect((await typeAndCheck(page, 8, 'dh2pre = (1 - h2**2) * dh2')).verdict).toMatch(/exact|approx/);
    expect((await verdictOf(page, 9)).verdict).toMatch(/exact|approx/);
    expect(app.errors).toEqual([]);
  });

  it('reveals the hints one click at a time, the answer last, for the step of the line under the cursor', async () => {
    await goToLine(page, 10); // db2's line selects db2's step
    await page.waitForSelector('.step-panel[data-target="b2"] .hints[data-shown="0"]');
    const hints = '.step-panel .hints';
    expect(await page.$$eval(`${hints} [data-level]`, (hs) => hs.length)).toBe(0);
    const shownAfterClick = async () => {
      await page.click('[data-testid="hint-next"]');
      return page.getAttribute(hints, 'data-shown');
    };
    expect(await shownAfterClick()).toBe('1');
    const first = (await page.textContent(hints))!;
    expect(first).toContain('h2pre = h1 @ W2 + b2');
    expect(first).not.toContain('The answer');
    expect(await shownAfterClick()).toBe('2');
    expect(await shownAfterClick()).toBe('3');
    expect((await page.textContent(hints))!).not.toContain('The answer');
    expect(await shownAfterClick()).toBe('4');
    const all = (await page.textContent(hints))!;
    expect(all).toContain('The answer');
    // The answer is derived from the rules, not the learner's own line shown above it.
    expect(all).toContain('Derived from the rules');
    await page.locator('.step-panel').screenshot({ path: `${ARTIFACTS}hints-4-of-4.png` });
  });

  it('saves the edited cell with Ctrl+S and opens it again as typed (browser mode: a download)', async () => {
    await typeAndCheck(page, 14, 'db1 = dh1pre.sum(0) # saved by the test');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+s')]);
    expect(download.suggestedFilename()).toBe('two-layers.ipynb');
    const dir = mkdtempSync(join(tmpdir(), 'bps-roundtrip-'));
    const saved = join(dir, 'two-layers.ipynb');
    copyFileSync(await download.path(), saved);
    const before = parseNotebook(TWO_LAYERS, readFileSync(TWO_LAYERS));
    const after = parseNotebook(saved, readFileSync(saved));
    expect(after.cells.map((c) => c.source).filter((_, i) => i !== 3)).toEqual(
      before.cells.map((c) => c.source).filter((_, i) => i !== 3),
    );
    expect(after.cells[3].source).toContain('db1 = dh1pre.sum(0) # saved by the test');
    copyFileSync(join(dirname(TWO_LAYERS), 'names.txt'), join(dir, 'names.txt'));

    await page.setInputFiles('[data-testid="open-notebook"]', saved);
    await page.waitForSelector('.notebook-panel [data-command="start-exercise"]', { timeout: 90_000 });
    await page.click('.notebook-panel [data-command="start-exercise"]');
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.textContent?.includes('# saved by the test'),
      `${EDITOR} .cm-content`,
      { timeout: 90_000 },
    );
    expect((await verdictOf(page, 14)).verdict).toMatch(/exact|approx/);
    expect(app.errors).toEqual([]);
  });
});
