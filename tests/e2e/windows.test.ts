/**
 * The window at the sizes learners use (1440×900, 1280×720, 1024×640), in both themes: the whole graph is in
 * view when the app opens (readable, titles ≥ 11 px, down to 1280×720), nothing scrolls sideways, the
 * inspector never sits under the player, keyboard focus brings a node into view and Enter inspects it,
 * and axe-core finds no serious or critical accessibility violation in any view. Screenshots of each.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, afterRerun, axeViolations, launch, openApp, openExercise, waitPainted, zoomScale } from './harness';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);
const SIZES = [
  { width: 1440, height: 900, readable: true },
  { width: 1280, height: 720, readable: true },
  { width: 1024, height: 640, readable: false },
];
const THEMES = ['light', 'dark'] as const;
/** The node title's font size (marks.ts) and the smallest title worth calling readable. */
const TITLE_PX = 12;
const MIN_TEXT_PX = 11;

type Rect = { left: number; top: number; right: number; bottom: number };
const rectOf = (page: Page, selector: string): Promise<Rect> =>
  page.$eval(selector, (e) => {
    const r = e.getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  });
const intersects = (a: Rect, b: Rect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/**
 * What in `container` is cut off: `cells` reaching past its box (each `selector: text`), and boxes inside
 * it that scroll sideways (a sideways scroll hides text as surely as a clip does) unless they match
 * `ownBox` (a program's printed output scrolls in a box of its own).
 */
function cutOff(page: Page, container: string, cells: string, ownBox = ':not(*)'): Promise<string[]> {
  return page.$eval(
    container,
    (root, [cells, ownBox]) => {
      const box = root.getBoundingClientRect();
      const cut = [...root.querySelectorAll(cells)]
        .filter((c) => {
          const r = c.getBoundingClientRect();
          return (
            r.width > 0 && (r.right > box.right + 0.5 || r.left < box.left - 0.5 || c.scrollWidth > c.clientWidth + 1)
          );
        })
        .map((c) => `${cells}: ${c.textContent}`);
      const sideways = [root, ...root.querySelectorAll('*')]
        .filter((e) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1)
        .filter((e) => !e.matches(ownBox))
        .map((e) => `scrolls sideways: ${e.className}`);
      return [...cut, ...sideways];
    },
    [cells, ownBox] as const,
  );
}

/** Picks `label` (`dcounts_sum_inv`) from the player's "jump to…" list and waits for its step. */
async function jumpTo(page: Page, label: string): Promise<void> {
  const value = await page.$$eval(
    '.player-bar .jump option',
    (os, l) => os.find((o) => o.textContent?.endsWith(` ${l}`))?.getAttribute('value') ?? '',
    label,
  );
  await page.selectOption('.player-bar .jump select', value);
  await page.waitForSelector(`.step-panel[data-target="${label.slice(1)}"]`);
}

describe.skipIf(!CHROMIUM)('windows and panels (Chromium)', () => {
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const size of SIZES) {
    for (const theme of THEMES) {
      it(`${size.width}×${size.height} ${theme}: the whole graph in view, no sideways scroll, inspector clear of the player, axe clean`, async () => {
        const { page, errors } = await openApp(browser, { theme, width: size.width, height: size.height });
        const shot = (name: string) =>
          page.screenshot({
            path: new URL(`window-${size.width}x${size.height}-${name}-${theme}.png`, ARTIFACTS).pathname,
          });
        const stage = await rectOf(page, '.stage');
        const player = await rectOf(page, '.player-bar');
        expect(intersects(stage, player)).toBe(false);
        // Every node inside the stage at the opening view, `loss` (where backprop starts) included.
        const boxes = await page.$$eval('svg.graph g.node', (gs) =>
          gs.map((g) => {
            const r = g.querySelector('rect.box')!.getBoundingClientRect();
            return { id: g.getAttribute('data-id'), left: r.left, top: r.top, right: r.right, bottom: r.bottom };
          }),
        );
        expect(boxes.length).toBe(29);
        const outside = boxes.filter(
          (b) => b.left < stage.left || b.top < stage.top || b.right > stage.right || b.bottom > stage.bottom,
        );
        expect(outside.map((b) => b.id)).toEqual([]);
        // Nothing is drawn over the graph's nodes at the opening (export and legend buttons, folded, sit clear).
        for (const corner of ['.export-menu', '.legend']) {
          const r = await rectOf(page, corner);
          expect(
            boxes.filter((b) => intersects(b, r)).map((b) => b.id),
            corner,
          ).toEqual([]);
        }
        if (size.readable) expect((await zoomScale(page)) * TITLE_PX).toBeGreaterThanOrEqual(MIN_TEXT_PX - 1e-9);
        // No horizontal scrollbar, and the top bar and the player fit without clipping their controls.
        const overflow = await page.evaluate(() => ({
          page: document.documentElement.scrollWidth - window.innerWidth,
          top: [...document.querySelectorAll('.top, .player-bar, .player-bar .controls')].map(
            (e) => e.scrollWidth - e.clientWidth,
          ),
          offRight: [
            ...document.querySelectorAll(
              '.top button, .top input, .top select, .player-bar button, .player-bar select, .player-bar input',
            ),
          ]
            .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
            .map((e) => e.outerHTML.slice(0, 60)),
        }));
        expect(overflow).toEqual({ page: 0, top: [0, 0, 0], offRight: [] });
        // A toast (Export… saved the figure) covers no node.
        await page.keyboard.press('Control+e');
        const toast = await page.waitForSelector('.toast span');
        const t = (await toast.boundingBox())!;
        const toastRect = { left: t.x, top: t.y, right: t.x + t.width, bottom: t.y + t.height };
        expect(boxes.filter((b) => intersects(b, toastRect)).map((b) => b.id)).toEqual([]);
        // The forward pass: every statement whole, wrapped where the panel is narrow.
        expect(await cutOff(page, '.code-panel .code', 'code')).toEqual([]);
        await shot('graph');
        expect(await axeViolations(page)).toEqual([]);

        // The inspector: never under the player, its buttons on screen.
        await page.click('g.node[data-id="logits"]');
        await page.waitForSelector('.inspector[data-id="logits"]');
        const inspector = await rectOf(page, '.inspector');
        expect(intersects(inspector, player)).toBe(false);
        expect(inspector.bottom).toBeLessThanOrEqual(stage.bottom);
        // Its numbers: whole cells only (as many columns as fit), the table not squeezed to a sliver.
        await page.$eval('.inspector .table-wrap', (e) => e.scrollIntoView({ block: 'nearest' }));
        expect(await cutOff(page, '.inspector .table-wrap', 'td, th')).toEqual([]);
        expect(await page.$$eval('.inspector .numbers tbody tr', (rs) => rs.length)).toBe(12);
        expect(await cutOff(page, '.inspector', '.stats dd')).toEqual([]);
        await shot('inspector');
        expect(await axeViolations(page)).toEqual([]);
        await page.keyboard.press('Escape');

        // The side panel's other views, and the train view.
        for (const tab of ['step', 'cmp'] as const) {
          await page.keyboard.press('ArrowRight');
          await page.click(`.side-panel [data-tab="${tab}"]`);
          await page.waitForSelector(tab === 'step' ? '.step-panel' : '.cmp-table');
          // Every maxdiff whole (1.1641532182693481e-09), wrapped inside its cell if it must.
          if (tab === 'cmp') expect(await cutOff(page, '.cmp-table', '.cell')).toEqual([]);
          await shot(tab);
          expect(await axeViolations(page), tab).toEqual([]);
        }
        await page.click('[data-view="train"]');
        await page.waitForSelector('.train-view');
        // One n_hidden on screen: the training run's, not also the graph's.
        expect(
          await page.$$eval('input[name="n_hidden"]', (is) => is.map((i) => (i as HTMLInputElement).value)),
        ).toEqual(['200']);
        await shot('train');
        expect(await axeViolations(page), 'train').toEqual([]);
        expect(errors).toEqual([]);
        await page.context().close();
      });
    }
  }

  it('exercise mode: focus in the editor at the start; titles ≥ 11 px from 1280×720 up (whole graph below), nothing cut, axe clean, in both themes', async () => {
    const { page, errors } = await openApp(browser, { width: 1600, height: 1000, reducedMotion: true });
    await openExercise(page);
    expect(await page.evaluate(() => document.activeElement?.closest('.cm-editor') !== null)).toBe(true);
    const titlePx = async () => (await zoomScale(page)) * TITLE_PX;
    // At the last step the player says the most ("27 / 27 dC").
    await page.click('.player-bar [data-action="end"]');
    for (const size of SIZES) {
      const before = await page.getAttribute('svg.graph g.viewport', 'transform');
      await page.setViewportSize(size);
      // The graph re-wraps and re-opens once the resize settles.
      await page.waitForFunction(
        (t) => document.querySelector('svg.graph g.viewport')?.getAttribute('transform') !== t,
        before,
        { timeout: 10_000 },
      );
      const stage = await rectOf(page, '.stage');
      if (!size.readable) {
        const boxes = await page.$$eval('svg.graph g.node rect.box', (rs) =>
          rs.map((r) => {
            const b = r.getBoundingClientRect();
            return { left: b.left, top: b.top, right: b.right, bottom: b.bottom };
          }),
        );
        const out = (b: Rect) =>
          b.left < stage.left || b.top < stage.top || b.right > stage.right || b.bottom > stage.bottom;
        expect(boxes.filter(out)).toEqual([]);
      }
      if (size.readable)
        expect(await titlePx(), `${size.width}×${size.height}`).toBeGreaterThanOrEqual(MIN_TEXT_PX - 1e-9);
      for (const theme of THEMES) {
        if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme)
          await page.click('[data-command="toggle-theme"]');
        await page.screenshot({
          path: new URL(`window-${size.width}x${size.height}-exercise-${theme}.png`, ARTIFACTS).pathname,
        });
        expect(await axeViolations(page), `${size.width}×${size.height} ${theme}`).toEqual([]);
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(0);
      // The player beside the editor: its step count and name whole, clear of the "jump to…" list.
      const where = await rectOf(page, '.player-bar .where');
      expect(where.right).toBeLessThanOrEqual((await rectOf(page, '.player-bar .jump')).left);
      expect(await page.$eval('.player-bar .where', (e) => e.scrollWidth - e.clientWidth)).toBe(0);
      expect(await page.$eval('.player-bar .controls', (e) => e.scrollWidth - e.clientWidth)).toBe(0);
      await page.click('.side-panel [data-tab="cmp"]');
      expect(await cutOff(page, '.cmp-table', '.cell')).toEqual([]);
      // The Notebook tab: code lines wrap, the name shows whole, only printed output scrolls (in its box).
      await page.click('.side-panel [data-tab="forward"]');
      expect(await cutOff(page, '.notebook-panel', 'code, .name', 'pre.stdout')).toEqual([]);
      await page.click('.side-panel [data-tab="step"]');
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the step panel writes a sum back once and draws `code` as code', async () => {
    const { page, errors } = await openApp(browser, { width: 1280, height: 720, reducedMotion: true });
    await page.click('.side-panel [data-tab="step"]');
    await jumpTo(page, 'dcounts_sum_inv');
    const term = await page.$eval('.step-panel .term', (li) => ({
      text: li.textContent ?? '',
      code: [...li.querySelectorAll('.sentence code')].map((c) => c.textContent),
    }));
    expect(term.text.split('.sum(1, keepdim=True)').length - 1).toBe(1);
    expect(term.text).not.toContain('`');
    expect(term.code).toContain('probs = counts * counts_sum_inv');
    await page.screenshot({ path: new URL('window-step-dcounts_sum_inv-light.png', ARTIFACTS).pathname });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  for (const size of SIZES.filter((s) => s.readable)) {
    for (const theme of THEMES) {
      it(`fits the fused batchnorm formulas, readable, at ${size.width}×${size.height} (${theme})`, async () => {
        const { page, errors } = await openApp(browser, { ...size, theme, reducedMotion: true });
        await afterRerun(page, () =>
          page.selectOption('.config-bar select[name="variant"]', 'fused-bn').then(() => undefined),
        );
        await page.click('.side-panel [data-tab="step"]');
        await jumpTo(page, 'dhprebn');
        const panel = await rectOf(page, '.step-panel');
        // The fit settles after KaTeX has drawn and the box was measured.
        await page.waitForFunction(() =>
          [...document.querySelectorAll('.step-panel .fit-tex')].every((e) => e.querySelector('.katex')),
        );
        await page.waitForTimeout(200);
        const boxes = await page.$$eval('.step-panel .whole, .step-panel .local', (els) =>
          els.map((e) => ({
            kind: e.classList.contains('whole') ? 'whole' : 'local',
            clipped:
              Math.max(e.scrollWidth, ...[...e.querySelectorAll('.tex.display')].map((d) => d.scrollWidth)) >
              e.clientWidth + 1,
            right: e.getBoundingClientRect().right,
            broken: (e as HTMLElement).dataset.broken === 'true',
            px: parseFloat(getComputedStyle(e.querySelector('.katex')!).fontSize),
          })),
        );
        expect(boxes.map((b) => b.kind).sort()).toEqual(['local', 'whole']);
        for (const b of boxes) {
          expect(b.clipped, b.kind).toBe(false);
          expect(b.right, b.kind).toBeLessThanOrEqual(panel.right + 0.5);
          expect(b.px, b.kind).toBeGreaterThanOrEqual(MIN_TEXT_PX);
        }
        // Too long for one readable line in a panel this narrow: the local derivative is drawn as aligned lines.
        expect(boxes.find((b) => b.kind === 'local')!.broken).toBe(true);
        await page.screenshot({
          path: new URL(`window-step-fused-bn-${size.width}x${size.height}-${theme}.png`, ARTIFACTS).pathname,
        });
        // dlogprobs, in the atomic variant: one short line, nothing broken.
        await afterRerun(page, () =>
          page.selectOption('.config-bar select[name="variant"]', 'atomic').then(() => undefined),
        );
        await page.click('.side-panel [data-tab="step"]');
        await jumpTo(page, 'dlogprobs');
        expect(await page.$$eval('.step-panel .fit-tex[data-broken="true"]', (els) => els.length)).toBe(0);
        await page.screenshot({
          path: new URL(`window-step-dlogprobs-${size.width}x${size.height}-${theme}.png`, ARTIFACTS).pathname,
        });
        expect(errors).toEqual([]);
        await page.context().close();
      });
    }
  }

  it('re-wraps the graph to a new window size and shows it whole again', async () => {
    const { page, errors } = await openApp(browser, { width: 1440, height: 900 });
    await page.setViewportSize({ width: 1024, height: 640 });
    const stage = await rectOf(page, '.stage');
    await page.waitForFunction(
      (s) =>
        [...document.querySelectorAll('svg.graph g.node rect.box')].every((r) => {
          const b = r.getBoundingClientRect();
          return b.left >= s.left && b.top >= s.top && b.right <= s.right && b.bottom <= s.bottom;
        }),
      stage,
      { timeout: 5000 },
    );
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('focusing a node brings it into view, and Enter opens the inspector on it', async () => {
    const { page, errors } = await openApp(browser);
    // No wait for the opening view to hold still: once the learner zooms, no automatic placement undoes it
    // (graph-layout; tests/renderer/graph/graph-layout.test.ts).
    for (let i = 0; i < 4; i++) await page.click('[data-command="zoom-in"]');
    const stage = await rectOf(page, '.stage');
    const inView = async (id: string) => {
      const b = await rectOf(page, `g.node[data-id="${id}"] rect.box`);
      return b.left >= stage.left && b.top >= stage.top && b.right <= stage.right && b.bottom <= stage.bottom;
    };
    // Zoomed in on the middle, the output is off screen; focus brings it back.
    expect(await inView('loss')).toBe(false);
    await page.focus('g.node[data-id="loss"]');
    await expect.poll(() => inView('loss'), { timeout: 3000 }).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.inspector[data-id="loss"]');
    // Space on an expandable node folds and unfolds its statement instead.
    await page.focus('g.node[data-id="hprebn"]');
    await page.keyboard.press(' ');
    await waitPainted(page);
    await page.waitForSelector('g.node[data-id="hprebn"][aria-expanded="true"]');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
