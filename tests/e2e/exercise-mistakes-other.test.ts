/**
 * The issue-23 mistakes typed into the exercise editor on a learner's notebook of other names and architecture
 * (tests/fixtures/diagnose: a layernorm, two relu layers, a softmax written out, `d_x` gradients, its own cmp),
 * opened in browser mode: the gutter and the message under the editor say the hand-written sentence of each
 * (the same the Pyodide and CLI tests expect). A screenshot of each in both themes.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MISTAKES, NOTEBOOK, planted, SOLVED } from '../fixtures/diagnose/ninja-layernorm';
import { CHROMIUM, EDITOR, launch, openApp, openExercise, setEditorText, type AppPage } from './harness';

const ARTIFACTS = new URL('../../test-artifacts/exercise/', import.meta.url).pathname;
const MESSAGE = '[data-testid="line-message"]';

const lineNumber = (text: string, start: string): number => {
  const line = text.split('\n').findIndex((l) => l.startsWith(start)) + 1;
  expect(line, `no line starting ${start}`).toBeGreaterThan(0);
  return line;
};

const mark = (line: number) => `${EDITOR} [data-testid="line-verdict"][data-line="${line}"]`;

/** The gutter's verdict and sentence on a line, once it tells `expected` (or after 60 s, whatever it tells). */
async function toldOn(page: Page, line: number, expected: string): Promise<{ verdict: string; title: string }> {
  await page
    .waitForFunction(
      ([m, e]) => document.querySelector(m)?.getAttribute('title')?.includes(e),
      [mark(line), expected],
      {
        timeout: 60_000,
      },
    )
    .catch(() => undefined);
  return {
    verdict: (await page.getAttribute(mark(line), 'data-verdict'))!,
    title: (await page.getAttribute(mark(line), 'title'))!,
  };
}

/** Puts the cursor on an editor line by keyboard, so the message under the editor tells that line. */
async function cursorTo(page: Page, line: number): Promise<string> {
  await page.click(`${EDITOR} .cm-content`);
  await page.keyboard.press('Control+Home');
  for (let i = 1; i < line; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.waitForSelector(`${MESSAGE}:not([data-verdict="pending"]):not([data-verdict=""])`, { timeout: 30_000 });
  return (await page.textContent(MESSAGE))!.replace(/\s+/g, ' ').trim();
}

async function shootBothThemes(page: Page, name: string): Promise<void> {
  const toggle = () =>
    page.evaluate(() => (document.querySelector('[data-command="toggle-theme"]') as HTMLButtonElement).click());
  await page.locator('.side-panel').screenshot({ path: `${ARTIFACTS}${name}-light.png` });
  await toggle();
  await page.waitForSelector('html[data-theme="dark"]');
  // The page's styles turn dark at once, but headless Chromium paints the panel in them a moment later: a shot
  // taken at once (or two frames on) still showed the light theme's colours. (Only the pictures wait on this.)
  await page.waitForTimeout(300);
  await page.locator('.side-panel').screenshot({ path: `${ARTIFACTS}${name}-dark.png` });
  await toggle();
  await page.waitForSelector('html[data-theme="light"]');
}

describe.skipIf(!CHROMIUM)('issue 23 mistakes typed live on a notebook of other names (Chromium)', () => {
  let browser: Browser;
  let app: AppPage;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launch();
    app = await openApp(browser);
    page = app.page;
    await page.setInputFiles('[data-testid="open-notebook"]', NOTEBOOK);
    await openExercise(page, 'notebook');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("opens the learner's own backward cell, every gradient right", async () => {
    await setEditorText(page, SOLVED);
    const v = await toldOn(page, lineNumber(SOLVED, "cmp('emb_table'"), 'd_emb_table');
    expect(v.verdict).toMatch(/exact|approx/);
  }, 90_000);

  for (const m of MISTAKES) {
    it(`${m.key}: the gutter and the message say the ${m.kind} sentence`, async () => {
      const text = planted(m.key);
      await setEditorText(page, text);
      const at = lineNumber(text, `cmp('${m.label}'`);
      const cmpLine = await toldOn(page, at, m.says[0]);
      expect(cmpLine.verdict).toBe(m.kind === 'wrong-dim' ? 'shape' : 'wrong');
      for (const s of m.says) expect(cmpLine.title).toContain(s);
      const gradLine = await toldOn(page, lineNumber(text, m.gradLine), m.says[0]);
      expect(gradLine.title).toContain(m.says[0]);
      if (m.key === 'wrong_tensor') {
        // The line computed from d_a is not blamed: d_a is right for the tensor its name stands for.
        expect((await toldOn(page, lineNumber(text, 'd_ln = '), 'd_ln')).verdict).toMatch(/exact|approx/);
      }
      // The message under the editor sets the code in `…` as code: its text has no backticks.
      const message = await cursorTo(page, at);
      for (const s of m.says) expect(message).toContain(s.replace(/`/g, ''));
      await shootBothThemes(page, `other-${m.key.replace(/_/g, '-')}`);
      expect(app.errors).toEqual([]);
    }, 120_000);
  }
});
