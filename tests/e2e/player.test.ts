/**
 * The backprop player in Chromium, checked against the core's own schedule computed here in the test process
 * (buildSchedule(runLecture(...))): for every variant, every step from loss to the leaves highlights the
 * right node and edges and the panel shows the right manual lines, terms, shapes and cmp; stepping back
 * restores each earlier state; the keys, the timeline, the cmp table, reduced motion and the animation.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchedule } from '../../core/mlp/lecture-schedule';
import type { BackwardSchedule } from '../../core/backprop/types';
import { loadNames } from '../../cli/load-names';
import { DEFAULT_CONFIG, type MlpConfig } from '../../core/mlp/config';
import type { Dump } from '../../core/mlp/dump-types';
import { runLecture } from '../../core/mlp/run';
import { CMP_ROWS } from '../../core/mlp/names';
import { CHROMIUM, afterRerun, launch, openApp, setConfigField, type AppPage } from './harness';
import { shapeText } from './expected';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);
const VARIANTS = ['atomic', 'fused-ce', 'fused-bn', 'fused'] as const;
const words = loadNames();

function expectedFor(config: Partial<MlpConfig>): { dump: Dump; schedule: BackwardSchedule } {
  const dump = runLecture({ ...DEFAULT_CONFIG, ...config }, words);
  return { dump, schedule: buildSchedule(dump) };
}

/** Drawn edges `source->target` a step's gradient travels, with every statement folded (the app's default). */
function expectedEdges(dump: Dump, schedule: BackwardSchedule, index: number): string[] {
  const group = new Map(dump.graph.nodes.map((n) => [n.id, n.group]));
  const shown = (id: string) => group.get(id) ?? id;
  const out = new Set<string>();
  for (const c of schedule.steps[index].contributions) {
    for (const e of c.edges)
      if (shown(e.producer) !== shown(e.consumer)) out.add(`${shown(e.producer)}->${shown(e.consumer)}`);
  }
  return [...out].sort();
}

interface Seen {
  current: number;
  currentNodes: string[];
  doneNodes: string[];
  skippedNodes: string[];
  activeEdges: string[];
  panelTarget: string | null;
  manual: string[];
  terms: { text: string; shape: string; op: string }[];
  cmp: { exact: string; approx: string; maxdiff: string } | null;
  reductions: string[];
}

function seen(page: Page): Promise<Seen> {
  return page.evaluate(() => {
    const ids = (sel: string, attr: string) =>
      [...document.querySelectorAll(sel)].map((e) => e.getAttribute(attr) ?? '').sort();
    const badge = document.querySelector('.step-panel .cmp-badge[data-exact]');
    return {
      current: Number(document.querySelector('.player-bar')?.getAttribute('data-current')),
      currentNodes: ids('g.node[data-grad="current"]', 'data-id'),
      doneNodes: ids('g.node[data-grad="done"]', 'data-id'),
      skippedNodes: ids('g.node[data-grad="skipped"]', 'data-id'),
      activeEdges: [
        ...new Set(ids('path.edge[data-flow="active"]', 'data-edge').map((e) => e.replace(/#\d+$/, ''))),
      ].sort(),
      panelTarget: document.querySelector('.step-panel')?.getAttribute('data-target') || null,
      manual: [...document.querySelectorAll('.step-panel .step-manual .line')].map((l) => l.textContent ?? ''),
      terms: [...document.querySelectorAll('.step-panel .term')].map((t) => ({
        text: t.querySelector('.term-text')?.textContent ?? '',
        shape: t.querySelector('.term-shape')?.textContent ?? '',
        op: t.querySelector('.op')?.textContent ?? '',
      })),
      cmp: badge
        ? {
            exact: badge.getAttribute('data-exact')!,
            approx: badge.getAttribute('data-approx')!,
            maxdiff: badge.getAttribute('data-maxdiff')!,
          }
        : null,
      reductions: [...document.querySelectorAll('.step-panel .sentence.reduce')].map((s) => s.textContent ?? ''),
    };
  });
}

/** Switches the variant (re-running only when it changes) and gives the keyboard back to the graph. */
async function setVariant(page: Page, variant: string): Promise<void> {
  if ((await page.inputValue('.config-bar select[name="variant"]')) !== variant) {
    await afterRerun(page, async () => {
      await page.selectOption('.config-bar select[name="variant"]', variant);
    });
  }
  await focusGraph(page);
}

async function setSeed(page: Page, seed: number): Promise<void> {
  await afterRerun(page, () => setConfigField(page, 'seed', String(seed)));
  await focusGraph(page);
}

/** Keys typed into a field or a <select> stay there, as they should; the tests press them on the graph. */
async function focusGraph(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

async function waitCurrent(page: Page, index: number): Promise<void> {
  await page.waitForFunction(
    (i) => document.querySelector('.player-bar')?.getAttribute('data-current') === String(i),
    index,
  );
}

describe.skipIf(!CHROMIUM)('backprop player', () => {
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
    expect(app?.errors ?? []).toEqual([]);
    await browser?.close();
  });

  for (const variant of VARIANTS) {
    it(`${variant}: steps from loss to the leaves and back, each step matching the core's schedule`, async () => {
      const { dump, schedule } = expectedFor({ variant });
      await setVariant(page, variant);
      await page.keyboard.press('Home');
      await waitCurrent(page, -1);
      expect((await seen(page)).currentNodes).toEqual([]);

      const forward: Seen[] = [];
      const done = new Set<string>();
      for (let i = 0; i < schedule.steps.length; i++) {
        const step = schedule.steps[i];
        await page.keyboard.press('ArrowRight');
        await waitCurrent(page, i);
        const s = await seen(page);
        forward.push(s);
        // The node whose gradient completes, and the edges it flows along (folded view).
        expect(s.currentNodes, `step ${i}`).toEqual([step.target]);
        expect(s.activeEdges, `step ${i} edges`).toEqual(expectedEdges(dump, schedule, i));
        // Every earlier target is done; nothing is both.
        for (const id of done) expect(s.doneNodes).toContain(id);
        done.add(step.target);
        expect(s.skippedNodes).toEqual(Object.keys(schedule.collapsed).sort());
        // The panel: the lecture's manual lines, each term with its shape (`=` then `+=`), and cmp.
        expect(s.panelTarget).toBe(step.target);
        expect(s.manual).toEqual(step.manual.map((m) => m.source));
        expect(s.terms).toEqual(
          step.contributions.map((c, k) => ({ text: c.text, shape: shapeText(c.shape), op: k === 0 ? '=' : '+=' })),
        );
        const t = dump.tensors[step.target] ?? dump.params[step.target];
        if (t && t.exact !== null) {
          expect(s.cmp).toEqual({ exact: String(t.exact), approx: String(t.approx), maxdiff: String(t.maxdiff) });
        } else {
          expect(s.cmp).toBeNull();
        }
        // The sentences with their `code` spans drawn as code (no backticks left).
        expect(s.reductions).toEqual(
          step.reductions.map((r) => expect.stringContaining(r.sentence.replaceAll('`', ''))),
        );
      }
      // At the leaves every parameter's gradient is complete.
      const last = forward[forward.length - 1];
      for (const p of ['C', 'W1', 'b1', 'W2', 'b2', 'bngain', 'bnbias'])
        expect([...last.doneNodes, ...last.currentNodes]).toContain(p);
      // ArrowRight at the end stays there.
      await page.keyboard.press('ArrowRight');
      await waitCurrent(page, schedule.steps.length - 1);

      // Back-stepping restores every earlier state exactly.
      for (let i = schedule.steps.length - 2; i >= 0; i--) {
        await page.keyboard.press('ArrowLeft');
        await waitCurrent(page, i);
        expect(await seen(page), `back to step ${i}`).toEqual(forward[i]);
      }
      await page.keyboard.press('ArrowLeft');
      await waitCurrent(page, -1);
      const before = await seen(page);
      expect(before.currentNodes).toEqual([]);
      expect(before.doneNodes).toEqual([]);
      expect(before.activeEdges).toEqual([]);
    });
  }

  it('the fused variants show their one-line rules and approximate, non-exact cmp', async () => {
    const { schedule, dump } = expectedFor({ variant: 'fused' });
    await setVariant(page, 'fused');
    for (const rule of ['fused-ce', 'fused-bn'] as const) {
      const index = schedule.steps.findIndex((s) => s.fused?.rule === rule);
      expect(index).toBeGreaterThan(0);
      await page.selectOption('.player-bar .jump select', String(index));
      await focusGraph(page);
      await waitCurrent(page, index);
      const step = schedule.steps[index];
      await page.waitForSelector(`.step-panel .fused[data-rule="${rule}"]`);
      const t = dump.tensors[step.target];
      expect(t.exact).toBe(false);
      expect(t.approx).toBe(true);
      expect(await page.getAttribute('.step-panel .cmp-badge', 'data-exact')).toBe('false');
      expect(await page.textContent('.step-panel .cmp-badge')).toContain('approximate');
      expect(await page.textContent('.step-panel .fused')).toContain(step.fused!.collapsed[0]);
    }
    await focusGraph(page);
    await page.waitForTimeout(600); // the view glides to the step
    await page.screenshot({ path: new URL('player-fused-light.png', ARTIFACTS).pathname });
  });

  it('keeps the step when the seed changes, and restarts cleanly when the variant reorders the steps', async () => {
    const atomic = expectedFor({ variant: 'atomic' }).schedule;
    await setVariant(page, 'atomic');
    await page.keyboard.press('Home');
    for (let i = 0; i <= 3; i++) await page.keyboard.press('ArrowRight');
    await waitCurrent(page, 3);
    await setSeed(page, 42);
    await waitCurrent(page, 3);
    expect(await page.getAttribute('.step-panel', 'data-target')).toBe(atomic.steps[3].target);
    // fused-ce has no step for counts_sum_inv (the rule skips it): the player goes back to the start.
    await setVariant(page, 'fused-ce');
    await waitCurrent(page, -1);
    await expect.poll(() => page.textContent('.toast')).toContain('restarted');
    await setVariant(page, 'atomic');
    await setSeed(page, DEFAULT_CONFIG.seed);
  });

  it('Space plays and pauses, Home and End go to the ends, [ and ] change speed', async () => {
    const { schedule } = expectedFor({});
    await setVariant(page, 'atomic');
    await page.keyboard.press('Home');
    await waitCurrent(page, -1);
    await page.keyboard.press(']');
    await page.keyboard.press(']');
    expect(await page.inputValue('.player-bar .speed select')).toBe('4');
    await page.keyboard.press('Space');
    expect(await page.getAttribute('.player-bar', 'data-playing')).toBe('true');
    await page.waitForFunction(
      () => Number(document.querySelector('.player-bar')?.getAttribute('data-current')) >= 2,
      null,
      { timeout: 10_000 },
    );
    await page.keyboard.press('Space');
    expect(await page.getAttribute('.player-bar', 'data-playing')).toBe('false');
    const held = await page.getAttribute('.player-bar', 'data-current');
    await page.waitForTimeout(900);
    expect(await page.getAttribute('.player-bar', 'data-current')).toBe(held);
    await page.keyboard.press('End');
    await waitCurrent(page, schedule.steps.length - 1);
    await page.keyboard.press('Home');
    await waitCurrent(page, -1);
    // With the play button focused (just clicked), Space pauses once: it does not also click the button.
    await page.click('.player-bar [data-action="toggle"]');
    expect(await page.getAttribute('.player-bar', 'data-playing')).toBe('true');
    await page.keyboard.press('Space');
    expect(await page.getAttribute('.player-bar', 'data-playing')).toBe('false');
    await page.keyboard.press('Home');
    await waitCurrent(page, -1);
    await page.keyboard.press('[');
    await page.keyboard.press('[');
    expect(await page.inputValue('.player-bar .speed select')).toBe('1');
    // Shift+arrows pan the graph instead of stepping.
    const translate = await page.getAttribute('svg.graph g.viewport', 'transform');
    await page.keyboard.press('Shift+ArrowRight');
    expect(await page.getAttribute('svg.graph g.viewport', 'transform')).not.toBe(translate);
    expect(await page.getAttribute('.player-bar', 'data-current')).toBe('-1');
  });

  it('the timeline scrubs, and each cmp table row goes to its step', async () => {
    const { schedule, dump } = expectedFor({});
    await setVariant(page, 'atomic');
    const tick = async (i: number) =>
      (await page.locator(`.player-bar .timeline .tick[data-step="${i}"]`).boundingBox())!;
    const [first, tenth] = [await tick(0), await tick(10)];
    await page.mouse.move(first.x + first.width / 2, first.y + first.height / 2);
    await page.mouse.down();
    await waitCurrent(page, 0);
    await page.mouse.move(tenth.x + tenth.width / 2, tenth.y + tenth.height / 2, { steps: 5 });
    await page.mouse.up();
    await waitCurrent(page, 10);
    expect(await page.getAttribute('.step-panel', 'data-target')).toBe(schedule.steps[10].target);

    await page.click('.side-panel [data-tab="cmp"]');
    const rows = await page.$$eval('.cmp-table button.row', (bs) =>
      bs.map((b) => ({
        name: b.getAttribute('data-name'),
        cells: [...b.querySelectorAll('.cell')].map((c) => c.textContent),
      })),
    );
    expect(rows.map((r) => r.name)).toEqual([...CMP_ROWS]);
    // The lecture's words: True/False, and maxdiff as Python prints it.
    for (const row of rows) {
      const t = dump.tensors[row.name!] ?? dump.params[row.name!];
      const py = (b: boolean | null) => (b ? 'True' : 'False');
      expect(row.cells).toEqual([
        row.name,
        py(t.exact),
        py(t.approx),
        t.maxdiff === 0 ? '0.0' : expect.stringMatching(/e-\d\d$|^\d/),
      ]);
    }
    await page.click('.cmp-table button.row[data-name="bnvar_inv"]');
    await waitCurrent(
      page,
      schedule.steps.findIndex((s) => s.target === 'bnvar_inv'),
    );
    expect(await page.getAttribute('.cmp-table .row.current', 'data-name')).toBe('bnvar_inv');
    await page.screenshot({ path: new URL('player-cmp-table-light.png', ARTIFACTS).pathname });
    await page.click('.side-panel [data-tab="step"]');
    // Double-clicking a node goes to the step that completes its gradient. (Dispatched on the node: while the view
    // still pans to the step just picked, a real pointer at its old place may land on the side panel.)
    await page.locator('g.node[data-id="bngain"]').dispatchEvent('dblclick');
    await waitCurrent(
      page,
      schedule.steps.findIndex((s) => s.target === 'bngain'),
    );
    await page.keyboard.press('Escape');
  });

  it('animates the gradient along the edges, each += landing in turn; screenshots mid-animation in both themes', async () => {
    const { schedule } = expectedFor({});
    const counts = schedule.steps.findIndex((s) => s.target === 'counts');
    for (const theme of ['light', 'dark'] as const) {
      if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme) await page.keyboard.press('t');
      await page.selectOption('.player-bar .jump select', String(counts - 1));
      await focusGraph(page);
      await waitCurrent(page, counts - 1);
      await page.keyboard.press('ArrowRight');
      await waitCurrent(page, counts);
      // The first contribution travels: a pulse on the edges, the first term marked as arriving.
      await page.waitForSelector('svg.graph .flow .flow-pulse');
      await page.waitForSelector('.step-panel .term.arriving[data-index="0"]');
      await page.waitForSelector('.accumulate-chip.shown[data-index="0"]', { timeout: 5000 });
      await page.waitForSelector('.step-panel .term.arriving[data-index="1"]', { timeout: 5000 });
      await page.waitForTimeout(350);
      await page.screenshot({ path: new URL(`player-mid-animation-${theme}.png`, ARTIFACTS).pathname });
      // Then the += lands and the node fills.
      await page.waitForSelector('.accumulate-chip.shown[data-index="1"]', { timeout: 5000 });
      await page.waitForFunction(
        () => {
          const fill = document.querySelector('g.node[data-grad="current"] .grad-fill');
          return fill !== null && getComputedStyle(fill).opacity === '1';
        },
        null,
        { timeout: 5000 },
      );
    }
    await page.keyboard.press('t');
  });

  it('the step panel opens the inspector on the gradient and on manual − autograd', async () => {
    const { dump, schedule } = expectedFor({});
    const index = schedule.steps.findIndex((s) => s.target === 'bnraw');
    await page.selectOption('.player-bar .jump select', String(index));
    await focusGraph(page);
    await waitCurrent(page, index);
    await page.click('.step-panel [data-inspect="grad"]');
    await page.waitForSelector('.inspector[data-id="bnraw"] [data-layer="grad"][aria-selected="true"]');
    // The inspector shows autograd's dbnraw, not the tensor's values.
    const grad = dump.tensors.bnraw.grad!;
    for (const [k, want] of [
      ['min', Math.min(...grad)],
      ['max', Math.max(...grad)],
    ] as const) {
      const got = Number(await page.textContent(`.inspector [data-stat="${k}"]`));
      expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want)));
    }
    await page.click('.step-panel [data-inspect="diff"]');
    await page.waitForSelector('.inspector [data-layer="diff"][aria-selected="true"]');
    await page.keyboard.press('Escape');
  });

  it('exports the graph with the step on screen marked, as the command line does', async () => {
    const { schedule } = expectedFor({});
    const index = schedule.steps.findIndex((s) => s.target === 'counts_sum_inv');
    await page.selectOption('.player-bar .jump select', String(index));
    await focusGraph(page);
    await waitCurrent(page, index);
    await page.click('.export-menu summary');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('.export-menu [data-format="svg"]'),
    ]);
    await page.click('.export-menu summary');
    const text = readFileSync((await download.path())!, 'utf8');
    // Numbered from 1 as the player shows it, with the backward pass drawn at that step.
    expect(text).toContain(`backprop step ${index + 1}/${schedule.steps.length}: dcounts_sum_inv`);
    expect(await page.textContent('.player-bar .count')).toBe(`${index + 1} / ${schedule.steps.length}`);
    expect(text).toMatch(/class="node kind-tensor grad-current" data-id="counts_sum_inv"/);
  });

  it('with reduced motion, steps are instant and carry the same information', async () => {
    const { schedule } = expectedFor({});
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
    const still = await context.newPage();
    const errors: string[] = [];
    still.on('pageerror', (e) => errors.push(e.message));
    await still.goto(await page.evaluate(() => location.href));
    await still.waitForSelector('svg.graph[data-painted="true"]');
    await still.evaluate(() => {
      (window as unknown as { pulses: number }).pulses = 0;
      new MutationObserver((ms) => {
        for (const m of ms)
          for (const n of m.addedNodes)
            if (n instanceof Element && n.matches('.flow-pulse, .flow-trail'))
              (window as unknown as { pulses: number }).pulses++;
      }).observe(document.body, { childList: true, subtree: true });
    });
    const counts = schedule.steps.findIndex((s) => s.target === 'counts');
    for (let i = 0; i <= counts; i++) await still.keyboard.press('ArrowRight');
    await waitCurrent(still, counts);
    // Everything is there at once: both += chips, both terms landed, the reduction chips, the fill.
    const state = await still.evaluate(() => ({
      chips: document.querySelectorAll('.accumulate-chip.shown').length,
      landed: document.querySelectorAll('.step-panel .term.landed').length,
      edgeChips: [...document.querySelectorAll('.flow-chip')].map((c) => c.classList.contains('shown')),
      fill: getComputedStyle(document.querySelector('g.node[data-grad="current"] .grad-fill')!).opacity,
      pulses: (window as unknown as { pulses: number }).pulses,
    }));
    expect(state).toEqual({ chips: 2, landed: 2, edgeChips: state.edgeChips.map(() => true), fill: '1', pulses: 0 });
    expect(state.edgeChips.length).toBeGreaterThan(0);
    // The lit edges' arrows point the way the gradient flows: back to the operand, from the edge's start.
    const arrows = await still.$$eval('path.edge.lit', (ps) =>
      ps.map((p) => [p.getAttribute('marker-start'), p.getAttribute('marker-end')]),
    );
    expect(arrows.length).toBeGreaterThan(0);
    expect(arrows).toEqual(arrows.map(() => ['url(#arrow-grad)', null]));
    await still.screenshot({ path: new URL('player-reduced-motion-light.png', ARTIFACTS).pathname });
    expect(errors).toEqual([]);
    await context.close();
  });
});
