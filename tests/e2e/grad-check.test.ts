/**
 * The inspector's check of a learner's gradient, on a notebook with planted mistakes (two-layers.ipynb with
 * its `dlogits[range(n), Yb] -= 1` left out, and its dW1 twice too big): the wrong entries counted and
 * outlined, the row and column sums side by side, the observation, axe clean. Screenshots at 1440×900 and
 * 1280×720 in both themes.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, axeViolations, launch, openApp } from './harness';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);
const FIXTURE = new URL('../fixtures/notebooks/two-layers.ipynb', import.meta.url);
mkdirSync(ARTIFACTS, { recursive: true });
const SIZES = [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
];

/** The fixture with one more mistake: dlogits is softmax / n, without the 1 subtracted at the targets. */
function notebook(): Buffer {
  const nb = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { cells: { source: string[] | string }[] };
  let dropped = 0;
  for (const cell of nb.cells) {
    const lines = Array.isArray(cell.source) ? cell.source : [cell.source];
    const kept = lines.filter((l) => !l.startsWith('dlogits[range(n), Yb] -= 1'));
    dropped += lines.length - kept.length;
    cell.source = kept;
  }
  if (dropped !== 1) throw new Error(`expected to drop one line, dropped ${dropped}`);
  return Buffer.from(JSON.stringify(nb));
}

async function inspectDiff(page: Page, id: string): Promise<void> {
  await page.keyboard.press('Control+f');
  await page.keyboard.type(id);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.inspector[data-id="${id}"]`);
  await page.click('.inspector [data-layer="diff"]');
  await page.waitForSelector('.inspector .sums');
}

describe.skipIf(!CHROMIUM)('the inspector on a wrong gradient (Chromium)', () => {
  let browser: Browser;
  beforeAll(async () => void (browser = await launch()));
  afterAll(() => browser?.close());

  for (const size of SIZES) {
    for (const theme of ['light', 'dark'] as const) {
      it(`${size.width}×${size.height} ${theme}: wrong entries counted and outlined, sums side by side, axe clean`, async () => {
        const { page, errors } = await openApp(browser, { theme, ...size });
        await page.setInputFiles('[data-testid="open-notebook"]', {
          name: 'two-layers-mistakes.ipynb',
          mimeType: 'application/json',
          buffer: notebook(),
        });
        await page.waitForSelector('.notebook-bar:has-text("two-layers-mistakes.ipynb") output[data-status="ready"]', {
          timeout: 90_000,
        });
        await page.waitForSelector('svg.graph[data-painted="true"]', { timeout: 30_000 });
        const shot = (name: string) =>
          page.screenshot({
            path: new URL(`grad-check-${size.width}x${size.height}-${name}-${theme}.png`, ARTIFACTS).pathname,
          });

        // dlogits = softmax / n: wrong exactly at the 20 targets, and every row sums to 1/20 instead of 0.
        await inspectDiff(page, 'logits');
        expect(await page.getAttribute('.inspector .wrong', 'data-wrong')).toBe('20');
        expect(await page.textContent('.inspector .wrong')).toContain('20 of 540 entries wrong');
        const outline = (await page.getAttribute('.inspector .marks path.line', 'd')) ?? '';
        expect(outline.match(/M/g)).toHaveLength(20);
        const said = await page.$$eval('.inspector .observation', (ps) => ps.map((p) => p.textContent));
        expect(said[0]).toMatch(
          /^each row of dlogits sums to 0 \(autograd's, to float32 rounding\), but 20 of your 20 rows do not: row 0 sums to 0\.0(5|4999\d*)$/,
        );
        expect(said[1]).toMatch(/^your column sums differ from autograd's in \d+ of 27 columns/);
        expect(await page.getAttribute('.inspector .sum-bars[data-axis="row"]', 'data-differ')).toBe('20');
        await shot('dlogits');
        expect(await axeViolations(page)).toEqual([]);

        // dW1 twice too big: every non-zero entry wrong, every sum off.
        await page.selectOption('.inspector header select', 'W1');
        await page.waitForSelector('.inspector[data-id="W1"] .sums');
        const wrong = Number(await page.getAttribute('.inspector .wrong', 'data-wrong'));
        expect(wrong).toBeGreaterThan(700);
        expect(await page.textContent('.inspector .wrong')).toContain(`${wrong} of 720 entries wrong`);
        expect(await page.getAttribute('.inspector .sum-bars[data-axis="column"]', 'data-differ')).toBe('40');
        await shot('dW1');
        expect(await axeViolations(page)).toEqual([]);
        expect(errors).toEqual([]);
        await page.context().close();
      });
    }
  }
});
