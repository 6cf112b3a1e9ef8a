/**
 * Exercise 4 in the app (Chromium): on the bundled sample, "Train with my backward (exercise 4)" trains with
 * the sample's solved backward cell in the Python worker: 60 steps checked every 20 reach 60 with a drawn
 * loss curve and three checks where every gradient agrees; a long run is cancelled with Escape (progress stops,
 * the page stays responsive). The count of gradients comes from the sample's own cmp lines, not from the page.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, CHROMIUM, launch, openApp, type AppPage } from './harness';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const SAMPLE = new URL('../../data/backprop-ninja.ipynb', import.meta.url);
const PANEL = 'section.exercise-train';

/** The sample's first exercise cell (the one after backward() with cmp lines) and how many gradients it checks. */
function sampleGradients(): number {
  const nb = JSON.parse(readFileSync(SAMPLE, 'utf8')) as { cells: { source: string[] | string }[] };
  const source = [nb.cells[9].source].flat().join('');
  expect(source).toContain("cmp('logprobs', dlogprobs, logprobs)");
  return new Set([...source.matchAll(/cmp\('[^']+', (\w+),/g)].map((m) => m[1])).size;
}

const progressStep = (page: Page) => page.getAttribute(`${PANEL} .progress`, 'data-step').then(Number);
const waitStatus = (page: Page, status: string, timeout = 30_000) =>
  page.waitForSelector(`${PANEL} .progress[data-status="${status}"]`, { timeout });

async function setField(page: Page, name: string, value: string): Promise<void> {
  await page.fill(`${PANEL} input[name="${name}"]`, value);
}

/** Clicks the theme button from a page task and times until a frame is due: the page is not blocked. */
function timedThemeClick(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const t0 = performance.now();
        (document.querySelector('[data-command="toggle-theme"]') as HTMLButtonElement).click();
        requestAnimationFrame(() => resolve(performance.now() - t0));
      }),
  );
}

describe.skipIf(!CHROMIUM)('exercise 4: train with my backward pass (Chromium)', () => {
  let browser: Browser;
  let app: AppPage;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launch();
    app = await openApp(browser);
    page = app.page;
    await page.click('[data-command="menu"]');
    await page.click('[data-command="open-sample"]');
    await page.waitForSelector('.notebook-bar:has-text("backprop-ninja.ipynb") output[data-status="ready"]', {
      timeout: 90_000,
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('opens from the notebook bar with the lecture defaults, and says what is wrong with a bad field', async () => {
    await page.click('.notebook-bar [data-command="exercise-train"]');
    await page.waitForSelector(PANEL);
    expect(await page.inputValue(`${PANEL} input[name="steps"]`)).toBe('1000');
    expect(await page.inputValue(`${PANEL} input[name="lr"]`)).toBe('0.1');
    expect(await page.inputValue(`${PANEL} input[name="checkEvery"]`)).toBe('100');
    await setField(page, 'lr', '50');
    expect(await page.textContent(`${PANEL} .error[data-field="lr"]`)).toContain('diverge');
    expect(await page.isDisabled(`${PANEL} [data-exercise-train="start"]`)).toBe(true);
    // Enter with a bad field starts nothing.
    await page.press(`${PANEL} input[name="lr"]`, 'Enter');
    expect(await page.getAttribute(`${PANEL} .progress`, 'data-status')).toBe('idle');
    await setField(page, 'lr', '0.1');
    await setField(page, 'steps', '0');
    expect(await page.textContent(`${PANEL} .error[data-field="steps"]`)).toContain('at least 1 step');
    await setField(page, 'steps', '60');
    expect(await page.textContent(`${PANEL} .error[data-field="checkEvery"]`)).toContain('never check a 60-step run');
    await setField(page, 'checkEvery', '20');
    expect(await page.$(`${PANEL} .error`)).toBeNull();
  });

  it('trains 60 steps checked every 20: progress reaches 60, the curve is drawn, three checks all agree', async () => {
    const n = sampleGradients();
    expect(n).toBe(26);
    await page.press(`${PANEL} input[name="checkEvery"]`, 'Enter');
    await waitStatus(page, 'done', 180_000);
    expect(await progressStep(page)).toBe(60);
    expect(await page.textContent(`${PANEL} .progress .step`)).toBe('60 / 60');
    const points = Number(await page.getAttribute(`${PANEL} .loss-curve svg`, 'data-points'));
    expect(points).toBeGreaterThan(10);
    const d = await page.getAttribute(`${PANEL} .loss-curve path[data-kind="smooth"]`, 'd');
    expect(d).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){10,}/);
    const checks = await page.$$eval(`${PANEL} .train-checks li`, (lis) =>
      lis.map((li) => ({ ok: li.getAttribute('data-ok'), text: li.textContent?.replace(/^[✓✗]/, '') })),
    );
    expect(checks).toEqual(
      [20, 40, 60].map((s) => ({ ok: 'true', text: `step ${s}: all ${n} gradients agree with autograd` })),
    );
    await page.screenshot({ path: `${ARTIFACTS}exercise-train-1440x900-light.png` });
  });

  it('looks right at 1440×900 and 1280×720 in both themes, axe clean', async () => {
    for (const [width, height] of [
      [1440, 900],
      [1280, 720],
    ]) {
      await page.setViewportSize({ width, height });
      for (const theme of ['dark', 'light']) {
        await page.click('[data-command="toggle-theme"]');
        await page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme);
        await page.screenshot({ path: `${ARTIFACTS}exercise-train-${width}x${height}-${theme}.png` });
        expect(await axeViolations(page), `${width}×${height} ${theme}`).toEqual([]);
        // The panel fits: no sideways scroll, the side column and the curve both in view.
        const box = (await page.locator(PANEL).boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(width);
        expect(box.y + box.height).toBeLessThanOrEqual(height);
      }
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('cancels a long run with Escape: progress stops, the page stays responsive', async () => {
    await setField(page, 'steps', '5000');
    await setField(page, 'checkEvery', '1000');
    await page.click(`${PANEL} [data-exercise-train="start"]`);
    await page.waitForFunction(
      (sel) => Number(document.querySelector(sel)?.getAttribute('data-step')) >= 10,
      `${PANEL} .progress`,
      { timeout: 60_000 },
    );
    await waitStatus(page, 'running');
    // While Python trains in its worker, the page answers a click within a frame or two.
    const ms = await timedThemeClick(page);
    expect(ms).toBeLessThan(250);
    expect(await page.textContent(`${PANEL} .progress .rate`)).toMatch(/^\d+$/);
    expect(await page.textContent(`${PANEL} .progress .eta`)).toMatch(/^\d+:\d\d$/);
    await page.keyboard.press('Escape');
    await waitStatus(page, 'cancelled');
    const stopped = await progressStep(page);
    expect(stopped).toBeGreaterThanOrEqual(10);
    expect(stopped).toBeLessThan(5000);
    await page.waitForTimeout(1000);
    expect(await progressStep(page)).toBe(stopped);
    // The worker is free again: a short run after it trains to its end.
    await setField(page, 'steps', '3');
    await setField(page, 'checkEvery', '3');
    await page.press(`${PANEL} input[name="steps"]`, 'Enter');
    await waitStatus(page, 'done', 60_000);
    expect(await progressStep(page)).toBe(3);
    await page.click(`${PANEL} [data-exercise-train="close"]`);
    await page.waitForSelector(PANEL, { state: 'detached' });
    await page.waitForSelector('svg.graph g.node[data-id="bnvar_inv"]');
    expect(app.errors).toEqual([]);
  });

  it("flags a gradient that differs from autograd, in a learner's notebook with a planted sign error", async () => {
    const text = readFileSync(SAMPLE, 'utf8');
    const wrong = 'dbnbias = -dhpreact.sum(0, keepdim=True)';
    const planted = text.replace('dbnbias = dhpreact.sum(0, keepdim=True)', wrong);
    expect(planted).toContain(wrong);
    await page.setInputFiles('[data-testid="open-notebook"]', {
      name: 'sign-error.ipynb',
      mimeType: 'application/json',
      buffer: Buffer.from(planted),
    });
    await page.waitForSelector('.notebook-bar:has-text("sign-error.ipynb") output[data-status="ready"]', {
      timeout: 90_000,
    });
    // A new notebook closes the panel and forgets the old session; the fields keep what was typed.
    expect(await page.$(PANEL)).toBeNull();
    await page.click('.notebook-bar [data-command="exercise-train"]');
    await setField(page, 'steps', '20');
    await setField(page, 'checkEvery', '10');
    await page.press(`${PANEL} input[name="steps"]`, 'Enter');
    await waitStatus(page, 'done', 180_000);
    const checks = await page.$$eval(`${PANEL} .train-checks li`, (lis) =>
      lis.map((li) => ({
        ok: li.getAttribute('data-ok'),
        wrong: li.classList.contains('wrong'),
        text: li.textContent,
      })),
    );
    expect(checks).toHaveLength(2);
    for (const [i, c] of checks.entries()) {
      expect(c.ok).toBe('false');
      expect(c.wrong).toBe(true);
      expect(c.text).toMatch(
        new RegExp(`^✗step ${(i + 1) * 10}: dbnbias differs from autograd \\(maxdiff [\\d.e-]+\\)$`),
      );
    }
    const theme = await page.evaluate(() => document.documentElement.dataset.theme);
    await page.screenshot({ path: `${ARTIFACTS}exercise-train-wrong-1440x900-${theme}.png` });
    expect(app.errors).toEqual([]);
  });
});
