/**
 * File → Save in browser mode (Chromium): a notebook opened through the file input, a cell edited through
 * the notebook file state (as the exercise editor does), Ctrl+S; the download must be the notebook with that
 * cell's new source, everything else as it was, and valid nbformat 4. Screenshots of the toast and of the
 * unsaved-changes prompt, in both themes.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { parseNotebook } from '../../core/notebook/parse';
import { validateNotebook } from '../helpers/nbformat-schema';
import { CHROMIUM, launch, waitPainted } from './harness';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const NOTEBOOK = new URL('./fixtures/notebooks/save-me.ipynb', import.meta.url).pathname;
const BACKWARD = 2;

async function openPage(browser: Browser, theme: 'light' | 'dark'): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: theme,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(`${inject('appUrl')}?test-hooks`);
  await waitPainted(page);
  await page.setInputFiles('[data-testid="open-notebook"]', NOTEBOOK);
  await page.waitForSelector('.notebook-bar:has-text("save-me.ipynb") output:not([data-status="running"])', {
    timeout: 60_000,
  });
  return { page, errors };
}

const setCellSource = (page: Page, cell: number, source: string) =>
  page.evaluate(
    ([c, s]) =>
      (
        window as unknown as { studioTest: { file: { setCellSource(c: number, s: string): void } } }
      ).studioTest.file.setCellSource(c as number, s as string),
    [cell, source] as const,
  );

describe.skipIf(!CHROMIUM)('saving a notebook (Chromium, browser mode)', () => {
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it.each(['light', 'dark'] as const)(
    'Ctrl+S downloads the notebook with the edited cell, valid nbformat, and says so (%s)',
    async (theme) => {
      const { page, errors } = await openPage(browser, theme);
      const source = 'dx = torch.full((3,), 2.0)\ncmp("x", dx, x)  # é';
      await setCellSource(page, BACKWARD, source);
      const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+s')]);
      expect(download.suggestedFilename()).toBe('save-me.ipynb');
      const bytes = new Uint8Array(readFileSync(await download.path()));
      const before = parseNotebook('save-me.ipynb', readFileSync(NOTEBOOK));
      const after = parseNotebook('save-me.ipynb', bytes);
      expect(after.cells.map((c) => c.source)).toEqual(
        before.cells.map((c) => (c.index === BACKWARD ? source : c.source)),
      );
      expect(validateNotebook(bytes)).toEqual({ ok: true, errors: [] });
      // Outputs and metadata of the other cells are the file's, untouched.
      const [was, now] = [JSON.parse(readFileSync(NOTEBOOK, 'utf8')), JSON.parse(new TextDecoder().decode(bytes))];
      expect(now.cells[1]).toEqual(was.cells[1]);
      expect(now.cells[2].metadata).toEqual(was.cells[2].metadata);
      await expect.poll(() => page.locator('.toast').textContent()).toBe('Saved save-me.ipynb');
      await page.screenshot({ path: `${ARTIFACTS}save-toast-${theme}.png` });

      // Saved: nothing is pending, so leaving asks nothing; a new edit makes leaving ask first.
      await setCellSource(page, BACKWARD, `${source}\n# more`);
      await page.locator('.notebook-bar button:has-text("built-in lecture")').click();
      const prompt = page.locator('[data-testid="save-prompt"]');
      await expect.poll(() => prompt.isVisible()).toBe(true);
      expect(await prompt.textContent()).toContain('save-me.ipynb has unsaved changes.');
      await page.screenshot({ path: `${ARTIFACTS}save-prompt-${theme}.png` });
      // Typing S in the prompt runs no shortcut, and Escape cancels: the notebook stays.
      await page.keyboard.press('Escape');
      await expect.poll(() => prompt.count()).toBe(0);
      expect(await page.locator('.notebook-bar').textContent()).toContain('save-me.ipynb');
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );
});
