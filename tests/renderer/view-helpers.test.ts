/** Zoom transforms, find, hover lines and key matching: small pure helpers, table-driven. */
import { describe, expect, it } from 'vitest';
import { findNode } from '../../src-renderer/graph/find';
import { centreOn, fitTransform, openingZoom, READABLE_ZOOM, startTransform } from '../../src-renderer/graph/fit';
import { linesOfNode } from '../../src-renderer/graph/highlight';
import { tickedSpans } from '../../src-renderer/components/ticked';
import { buildViewGraph } from '../../src-common/view/view-graph';
import { commandForKey, describeCombo, type KeyPress } from '../../src-renderer/state/keyboard';
import { recordedLectureGraph } from '../e2e/fixtures/recorded-graph';

const graph = recordedLectureGraph();

describe('zoom transforms', () => {
  const view = { width: 1000, height: 800 };

  it('fit centres the whole graph and never enlarges it', () => {
    const t = fitTransform({ width: 5000, height: 250 }, view);
    expect(t.k).toBeCloseTo((1000 - 20) / 5000);
    expect(t.x).toBeCloseTo((1000 - 5000 * t.k) / 2);
    expect(fitTransform({ width: 100, height: 100 }, view).k).toBe(1);
  });

  it('starts readable on the output, or from the left, when fitting would be too small', () => {
    const t = startTransform({ width: 5000, height: 250 }, view);
    expect(t.k).toBe(1);
    expect(t.x).toBe(10);
    // Centred on the output box, with node titles of 11 px (12 px font).
    const output = { x: 4800, y: 100, width: 100, height: 34 };
    expect(startTransform({ width: 5000, height: 250 }, view, output)).toEqual({
      k: 11 / 12,
      x: 500 - 4850 * (11 / 12),
      y: 400 - 117 * (11 / 12),
    });
    expect(startTransform({ width: 5000, height: 2000 }, view).k).toBe(READABLE_ZOOM);
    expect(startTransform({ width: 500, height: 200 }, view)).toEqual(fitTransform({ width: 500, height: 200 }, view));
    // Small but whole: every node in view at the opening.
    expect(startTransform({ width: 1600, height: 900 }, view).k).toBeCloseTo(980 / 1600);
  });

  it('in a window big enough to read, opens readable: as much of a slightly too big graph as fits, around its output', () => {
    expect(openingZoom({ width: 1280, height: 720 })).toBe(READABLE_ZOOM);
    expect(openingZoom({ width: 1024, height: 640 })).toBeLessThan(READABLE_ZOOM);
    // Exercise mode at 1280×720: the wrapped lecture graph would fit at 0.8 only.
    const stage = { width: 768, height: 577 };
    const graph = { width: 833, height: 698 };
    const loss = { x: 700, y: 640, width: 110, height: 34 };
    expect(startTransform(graph, stage, loss).k).toBeLessThan(READABLE_ZOOM);
    const t = startTransform(graph, stage, loss, READABLE_ZOOM);
    expect(t.k).toBe(READABLE_ZOOM);
    // The graph's right and bottom edges at the view's (less its margin): nothing past them wastes the view.
    expect(t.x + graph.width * t.k).toBeCloseTo(stage.width - 10);
    expect(t.y + graph.height * t.k).toBeCloseTo(stage.height - 10);
    expect(t.x + loss.x * t.k).toBeGreaterThan(0);
  });

  it('centres on a box', () => {
    const t = centreOn({ x: 100, y: 100, width: 50, height: 20 }, view, { k: 1, x: 0, y: 0 });
    expect(t).toEqual({ k: 1, x: 500 - 125, y: 400 - 110 });
  });
});

describe('find', () => {
  it.each([
    ['counts_sum_inv', 'counts_sum_inv'],
    ['COUNTS', 'counts'],
    ['counts_s', 'counts_sum'],
    ['w1', 'W1'],
    ['matmul', 'hprebn/matmul#1'],
    ['sum_inv', 'counts_sum_inv'],
  ])('%s finds %s', (query, id) => expect(findNode(graph, query)?.id).toBe(id));

  it('finds nothing for nothing', () => {
    expect(findNode(graph, 'nope')).toBeNull();
    expect(findNode(graph, '  ')).toBeNull();
  });
});

describe('hover lines', () => {
  const v = buildViewGraph(graph, new Set());
  const node = (id: string) => v.nodes.find((n) => n.id === id)!;

  it('a statement node stands for its line; a leaf for the lines reading it', () => {
    expect([...linesOfNode(node('probs'), v)]).toEqual([graph.source.indexOf('probs = counts * counts_sum_inv')]);
    expect([...linesOfNode(node('Yb'), v)]).toEqual([graph.source.indexOf('loss = -logprobs[range(n), Yb].mean()')]);
  });
});

describe('keyboard', () => {
  const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
    key,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...mods,
  });

  it.each([
    [press('='), false, 'zoom-in'],
    [press('+', { shiftKey: true }), false, 'zoom-in'],
    [press('=', { ctrlKey: true }), false, 'zoom-in'],
    [press('=', { metaKey: true }), true, 'zoom-in'],
    [press('-'), false, 'zoom-out'],
    [press('0', { ctrlKey: true }), false, 'fit'],
    [press('t'), false, 'toggle-theme'],
    [press('L', { ctrlKey: true, shiftKey: true }), false, 'toggle-theme'],
    [press('f', { ctrlKey: true }), false, 'find'],
    [press('/'), false, 'find'],
    [press('?', { shiftKey: true }), false, 'shortcuts'],
    [press('F1'), false, 'shortcuts'],
    [press('e', { ctrlKey: true }), false, 'export'],
    [press('x'), false, 'toggle-groups'],
    [press('s', { ctrlKey: true }), false, 'save-notebook'],
    [press('s', { metaKey: true }), true, 'save-notebook'],
    [press('S', { ctrlKey: true, shiftKey: true }), false, 'save-notebook-as'],
    [press('S', { metaKey: true, shiftKey: true }), true, 'save-notebook-as'],
  ])('%j (mac %s) runs %s', (p, mac, command) => expect(commandForKey(p, mac)).toBe(command));

  it.each([
    [press('T', { shiftKey: true }), false],
    [press('=', { ctrlKey: true }), true],
    [press('=', { altKey: true }), false],
    [press('e'), false],
    [press('q'), false],
    [press('s'), false],
    [press('s', { ctrlKey: true }), true],
  ])('%j (mac %s) runs nothing', (p, mac) => expect(commandForKey(p, mac)).toBeNull());

  it('describes combos per platform', () => {
    expect(describeCombo('Mod+=', false)).toBe('Ctrl + =');
    expect(describeCombo('Mod+Shift+L', true)).toBe('⌘ ⇧ L');
  });
});

describe('ticked spans', () => {
  it.each([
    [
      'sums in `probs = counts * x`, so',
      [
        { text: 'sums in ', code: false },
        { text: 'probs = counts * x', code: true },
        { text: ', so', code: false },
      ],
    ],
    ['no code here', [{ text: 'no code here', code: false }]],
    ['one ` stray tick', [{ text: 'one ` stray tick', code: false }]],
  ])('%s', (text, want) => expect(tickedSpans(text)).toEqual(want));
});
