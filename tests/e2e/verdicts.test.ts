/**
 * One verdict everywhere (issue 23): the lecture's own `dbnmeani = (-dbndiff).sum(0)` (64 for a 1×64 tensor,
 * which torch's cmp broadcasts and prints approximate: True) opened as a notebook in browser mode: the cmp
 * line's chip, the app's verdict beside the line the learner's cmp printed (with why the two differ), the
 * cmp table and the step panel all say "shape", with the same sentence. Screenshots in both themes.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launch, openApp, type AppPage } from './harness';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const SAMPLE = new URL('../../data/backprop-ninja.ipynb', import.meta.url).pathname;

/** The sample with the lecture's own dbnmeani line (no keepdim), written to a folder of its own. */
function lectureDbnmeani(): string {
  const nb = JSON.parse(readFileSync(SAMPLE, 'utf8'));
  const cell = nb.cells[9];
  const source = (cell.source as string[]).join('');
  const from = 'dbnmeani = (-dbndiff).sum(0, keepdim=True)';
  expect(source).toContain(from);
  cell.source = source.replace(from, 'dbnmeani = (-dbndiff).sum(0)');
  const path = join(mkdtempSync(join(tmpdir(), 'bps-verdicts-')), 'lecture-dbnmeani.ipynb');
  writeFileSync(path, JSON.stringify(nb));
  return path;
}

describe.skipIf(!CHROMIUM)('one verdict for the lecture dbnmeani (Chromium)', () => {
  let browser: Browser;
  let app: AppPage;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launch();
    app = await openApp(browser);
    page = app.page;
    await page.setInputFiles('[data-testid="open-notebook"]', lectureDbnmeani());
    await page.waitForSelector('.notebook-bar:has-text("lecture-dbnmeani") output:not([data-status="running"])', {
      timeout: 120_000,
    });
    await page.waitForSelector('svg.graph[data-painted="true"]', { timeout: 30_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('says shape on the cmp line, beside the printed cmp (with why), in the cmp table and the step panel', async () => {
    const cell = page.locator('.notebook-panel article[data-cell="9"]');
    const chip = cell.locator('li', { hasText: "cmp('bnmeani'" }).locator('.check');
    const printed = cell.locator('.app-verdict', { hasText: 'app: shape' });
    await printed.scrollIntoViewIfNeeded();
    expect(await printed.getAttribute('data-differs')).toBe('true');
    const why = (await printed.textContent()) ?? '';
    expect(why).toContain('dbnmeani is 64 but bnmeani is 1×64');
    expect(why).toContain("torch's cmp prints approximate: True");
    const sentence = (await printed.getAttribute('title')) ?? '';
    expect(await chip.getAttribute('data-verdict')).toBe('shape');
    await page.screenshot({ path: `${ARTIFACTS}verdicts-output-light.png` });

    await page.click('.side-panel [data-tab="cmp"]');
    const row = page.locator('.cmp-table button.row[data-name="bnmeani"]');
    expect(await row.getAttribute('data-verdict')).toBe('shape');
    expect(await row.locator('.verdict-note').getAttribute('title')).toBe(sentence);
    await page.screenshot({ path: `${ARTIFACTS}verdicts-cmp-light.png` });

    await row.click();
    await page.click('.side-panel [data-tab="step"]');
    await page.waitForSelector('.step-panel[data-target="bnmeani"]');
    const verdict = page.locator('.step-panel .verdict[data-verdict="shape"]');
    expect(await verdict.textContent()).toContain('dbnmeani is 64 but bnmeani is 1×64');
    await page.screenshot({ path: `${ARTIFACTS}verdicts-step-light.png` });

    await page.keyboard.press('t');
    await page.waitForSelector('html[data-theme="dark"]');
    await page.screenshot({ path: `${ARTIFACTS}verdicts-step-dark.png` });
    await page.click('.side-panel [data-tab="cmp"]');
    await page.screenshot({ path: `${ARTIFACTS}verdicts-cmp-dark.png` });
    await page.click('.side-panel [data-tab="forward"]');
    await printed.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}verdicts-output-dark.png` });
    expect(app.errors).toEqual([]);
  }, 120_000);
});
