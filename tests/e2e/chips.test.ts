/**
 * Every chip of every backward step of every variant sits on the edge it describes: which edges carry chips
 * is computed here from the core's schedule (not from the renderer's flow plan), and where each chip is
 * drawn is measured on the page: its anchor lies on its own edge's drawn path (the chip's centre, or the
 * end of its leader line), and the chip covers no node.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchedule } from '../../core/mlp/lecture-schedule';
import type { BackwardSchedule } from '../../core/backprop/types';
import { loadNames } from '../../cli/load-names';
import { DEFAULT_CONFIG } from '../../core/mlp/config';
import type { Dump } from '../../core/mlp/dump-types';
import { runLecture } from '../../core/mlp/run';
import { CHROMIUM, afterRerun, launch, openApp, type AppPage } from './harness';

const VARIANTS = ['atomic', 'fused-ce', 'fused-bn', 'fused'] as const;
const words = loadNames();

/** `source->target` of each chip a step draws, in the folded view, from the schedule alone. */
function expectedChipEdges(dump: Dump, schedule: BackwardSchedule, index: number): string[] {
  const byId = new Map(dump.graph.nodes.map((n) => [n.id, n]));
  const shown = (id: string) => byId.get(id)?.group ?? id;
  const edge = (a: string, b: string) => (shown(a) === shown(b) ? null : `${shown(a)}->${shown(b)}`);
  const step = schedule.steps[index];
  const out = new Set<string>();
  for (const r of step.reductions) {
    const e = edge(r.operand, r.node);
    if (e) out.add(e);
  }
  for (const x of step.expansions) {
    const e = edge(byId.get(x.node)!.inputs[0], x.node);
    if (e) out.add(e);
  }
  for (const s of step.special) {
    // A special rule is drawn on the last drawn edge its contribution travels, the one into the target.
    const drawn = step.contributions[s.contribution].edges
      .map((e) => edge(e.producer, e.consumer))
      .filter((e) => e !== null);
    if (drawn.length) out.add(drawn[drawn.length - 1]);
  }
  return [...out].sort();
}

interface DrawnChip {
  edge: string;
  onEdge: number;
  leader: boolean;
  centredOnAnchor: boolean;
  coversNode: string | null;
}

/** Each chip as drawn: the distance from its anchor to its edge's path, and what it covers. */
function drawnChips(page: Page): Promise<DrawnChip[]> {
  return page.$$eval('g.flow-chip', (chips) =>
    chips.map((chip) => {
      const id = chip.getAttribute('data-edge')!;
      const [ax, ay] = chip.getAttribute('data-anchor')!.split(',').map(Number);
      const path = document.querySelector<SVGPathElement>(`path.edge[data-edge="${CSS.escape(id)}"]`)!;
      const length = path.getTotalLength();
      let best = Infinity;
      for (let s = 0; s <= length; s += 0.5) {
        const p = path.getPointAtLength(s);
        best = Math.min(best, Math.hypot(p.x - ax, p.y - ay));
      }
      const body = chip.querySelector('.body')!;
      const m = /translate\(([-\d.e]+),\s*([-\d.e]+)\)/.exec(body.getAttribute('transform') ?? '');
      const r = body.querySelector('rect')!.getBoundingClientRect();
      let covers: string | null = null;
      for (const n of document.querySelectorAll('g.node')) {
        const b = n.querySelector('rect.box')!.getBoundingClientRect();
        if (r.left < b.right - 1 && b.left < r.right - 1 && r.top < b.bottom - 1 && b.top < r.bottom - 1)
          covers = n.getAttribute('data-id');
      }
      return {
        edge: id.replace(/#\d+$/, ''),
        onEdge: best,
        leader: chip.querySelector('.leader') !== null,
        centredOnAnchor: m !== null && Math.abs(Number(m[1]) - ax) < 0.01 && Math.abs(Number(m[2]) - ay) < 0.01,
        coversNode: covers,
      };
    }),
  );
}

describe.skipIf(!CHROMIUM)('chips on their edges (Chromium)', () => {
  let browser: Browser;
  let app: AppPage;

  beforeAll(async () => {
    browser = await launch();
    app = await openApp(browser, { reducedMotion: true });
  });
  afterAll(async () => {
    expect(app?.errors ?? []).toEqual([]);
    await browser?.close();
  });

  for (const variant of VARIANTS) {
    it(`${variant}: every step's chips are on the edges the schedule names, none over a node`, async () => {
      const { page } = app;
      const dump = runLecture({ ...DEFAULT_CONFIG, variant }, words);
      const schedule = buildSchedule(dump);
      if ((await page.inputValue('.config-bar select[name="variant"]')) !== variant) {
        await afterRerun(page, () =>
          page.selectOption('.config-bar select[name="variant"]', variant).then(() => undefined),
        );
      }
      let chipsSeen = 0;
      for (let i = 0; i < schedule.steps.length; i++) {
        await page.selectOption('.player-bar .jump select', String(i));
        await page.waitForFunction(
          (n) => document.querySelector('.player-bar')?.getAttribute('data-current') === String(n),
          i,
        );
        const chips = await drawnChips(page);
        const where = `${variant} step ${i + 1} (d${schedule.steps[i].target})`;
        expect([...new Set(chips.map((c) => c.edge))].sort(), where).toEqual(expectedChipEdges(dump, schedule, i));
        for (const c of chips) {
          expect(c.onEdge, `${where}: chip of ${c.edge} is on its edge`).toBeLessThan(1.5);
          expect(c.leader || c.centredOnAnchor, `${where}: chip of ${c.edge} sits on its anchor or has a leader`).toBe(
            true,
          );
          expect(c.coversNode, `${where}: chip of ${c.edge} covers a node`).toBeNull();
        }
        chipsSeen += chips.length;
      }
      expect(chipsSeen).toBeGreaterThan(5);
    });
  }

  it('dcounts: the broadcast-back chip is on counts→counts_sum, the sum chip of counts_sum_inv on its own edge', async () => {
    const { page } = app;
    if ((await page.inputValue('.config-bar select[name="variant"]')) !== 'atomic') {
      await afterRerun(page, () =>
        page.selectOption('.config-bar select[name="variant"]', 'atomic').then(() => undefined),
      );
    }
    const schedule = buildSchedule(runLecture(DEFAULT_CONFIG, words));
    const i = schedule.steps.findIndex((s) => s.target === 'counts');
    await page.selectOption('.player-bar .jump select', String(i));
    await page.waitForFunction(
      (n) => document.querySelector('.player-bar')?.getAttribute('data-current') === String(n),
      i,
    );
    const chips = await drawnChips(page);
    expect(chips.map((c) => c.edge)).toContain('counts->counts_sum');
    expect(chips.every((c) => c.onEdge < 1.5)).toBe(true);
  });
});
