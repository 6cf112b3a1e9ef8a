/**
 * The mistakes learners make (issue 23), typed into the exercise editor on the sample in browser mode: the
 * gutter's verdict on each line names the cause (the Python worker's live check, core/diagnose's sentences,
 * the same the CLI's run says: tests/core/notebook/exercise-diagnoses.test.ts). Screenshots in both themes.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, EDITOR, launch, openApp, openExercise, setEditorText, type AppPage } from './harness';

const ARTIFACTS = new URL('../../test-artifacts/exercise/', import.meta.url).pathname;
const SAMPLE = new URL('../../data/backprop-ninja.ipynb', import.meta.url).pathname;
const SOLVED = (JSON.parse(readFileSync(SAMPLE, 'utf8')).cells[9].source as string[]).join('');

/** The sample's solved exercise 1 with one mistake planted. */
function planted(from: string, to: string): string {
  expect(SOLVED).toContain(from);
  return SOLVED.replace(from, to);
}

/** Pastes `text` as the editor's whole text and waits for the verdict of the line starting with `start`. */
async function verdictAt(page: Page, text: string, start: string): Promise<{ verdict: string; title: string }> {
  await setEditorText(page, text);
  const line = text.split('\n').findIndex((l) => l.startsWith(start)) + 1;
  expect(line).toBeGreaterThan(0);
  const mark = `${EDITOR} [data-testid="line-verdict"][data-line="${line}"]`;
  // A verdict of this text: judged, and with the sentence that names the cause.
  await page.waitForSelector(`${mark}:not([data-verdict="pending"])`, { timeout: 60_000 });
  await page.waitForFunction((m) => !!document.querySelector(m)?.getAttribute('title'), mark);
  return {
    verdict: (await page.getAttribute(mark, 'data-verdict'))!,
    title: (await page.getAttribute(mark, 'title'))!,
  };
}

describe.skipIf(!CHROMIUM)('issue 23 mistakes typed live (Chromium)', () => {
  let browser: Browser;
  let app: AppPage;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launch();
    app = await openApp(browser);
    page = app.page;
    await openExercise(page);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('the local derivative without the chain factor names dlogprobs', async () => {
    const text = 'dlogprobs = torch.zeros_like(logprobs)\ndlogprobs[range(n), Yb] = -1.0/n\ndprobs = 1.0 / probs';
    const v = await verdictAt(page, text, 'dprobs = ');
    expect(v.verdict).toBe('wrong');
    expect(v.title).toContain('dprobs is only the local derivative of `logprobs = probs.log()`');
    expect(v.title).toContain('dlogprobs');
    await page.locator('.side-panel').screenshot({ path: `${ARTIFACTS}mistake-chain-light.png` });
  }, 90_000);

  it('a gradient compared with the wrong tensor, and the line that uses it not blamed', async () => {
    const text = planted("cmp('h', dh, h)", "cmp('dh', dh, hpreact)");
    const v = await verdictAt(page, text, 'dh = ');
    expect(v.title).toContain("dh is autograd's gradient of h, not of hpreact");
    expect(v.title).toContain("`cmp('h', dh, h)` passes");
    const used = await verdictAt(page, text, 'dhpreact = ');
    expect(['exact', 'approx']).toContain(used.verdict);
  }, 90_000);

  it('a start from ones_like', async () => {
    const v = await verdictAt(page, planted('dC = torch.zeros_like(C)', 'dC = torch.ones_like(C)'), 'for k in range');
    expect(v.title).toContain('plus 1 in every entry: started from `torch.ones_like(C)`?');
  }, 90_000);

  it('dC[Xb] += demb: repeated indices written once, and index_add_', async () => {
    const loop =
      'for k in range(Xb.shape[0]):\n  for j in range(Xb.shape[1]):\n    ix = Xb[k,j]\n    dC[ix] += demb[k,j]';
    const v = await verdictAt(page, planted(loop, 'dC[Xb] += demb'), 'dC[Xb] += demb');
    expect(v.verdict).toBe('wrong');
    expect(v.title).toMatch(/\d+ rows of C are picked more than once by Xb \(\d+ of its 96 picks\)/);
    expect(v.title).toContain('`dC.index_add_(0, Xb.view(-1), demb.view(-1, 10))`');
    await page.locator('.side-panel').screenshot({ path: `${ARTIFACTS}mistake-index-light.png` });
    await page.keyboard.press('Escape');
    await page.evaluate(() => (document.querySelector('[data-command="toggle-theme"]') as HTMLButtonElement).click());
    await page.waitForSelector('html[data-theme="dark"]');
    await page.waitForTimeout(300); // headless Chromium paints the new theme a moment after its styles change
    await page.locator('.side-panel').screenshot({ path: `${ARTIFACTS}mistake-index-dark.png` });
    await page.screenshot({ path: `${ARTIFACTS}mistake-index-editor-dark.png` });
    expect(app.errors).toEqual([]);
  }, 90_000);
});
