/** Folding statements, edge shapes and broadcast marks on a recorded lecture graph. */
import { describe, expect, it } from 'vitest';
import { formatBroadcast, formatShape } from '../../../src-common/view/format';
import { buildViewGraph, groupMembers } from '../../../src-common/view/view-graph';
import { recordedLectureGraph } from '../../e2e/fixtures/recorded-graph';

const graph = recordedLectureGraph();
const edge = (v: ReturnType<typeof buildViewGraph>, source: string, target: string) =>
  v.edges.find((e) => e.source === source && e.target === target);

describe('format', () => {
  it.each([
    [[32, 3, 10], '32×3×10'],
    [[64], '64'],
    [[], 'scalar'],
  ])('shape %j reads %s', (shape, text) => expect(formatShape(shape)).toBe(text));

  it('broadcasts read from → to, dims', () => {
    expect(formatBroadcast({ from: [32, 1], to: [32, 27], dims: [1] })).toBe('32×1 → 32×27, dim 1');
    expect(formatBroadcast({ from: [1], to: [4, 5], dims: [0, 1] })).toBe('1 → 4×5, dims 0, 1');
  });
});

describe('view graph', () => {
  it('folds every anonymous intermediate into its named node by default', () => {
    const v = buildViewGraph(graph, new Set());
    expect(v.nodes.some((n) => n.kind === 'op')).toBe(false);
    expect(v.nodes.length).toBe(graph.nodes.filter((n) => n.kind !== 'op').length);
    const hprebn = v.nodes.find((n) => n.id === 'hprebn')!;
    expect(hprebn).toMatchObject({
      title: 'hprebn · 32×64',
      subtitle: 'matmul → add',
      members: ['hprebn/matmul#1'],
      expanded: false,
    });
    expect(v.nodes.find((n) => n.id === 'W1')!.subtitle).toBe('parameter');
    expect(v.nodes.find((n) => n.id === 'loss')!.subtitle).toBe('pick → mean → neg');
  });

  it('redirects edges into a folded statement to its named node, keeping their broadcasts', () => {
    const v = buildViewGraph(graph, new Set());
    expect(edge(v, 'embcat', 'hprebn')).toMatchObject({ label: '32×30', broadcast: null });
    expect(edge(v, 'b1', 'hprebn')!.label).toBe('64 → 32×64, dim 0');
    expect(edge(v, 'bngain', 'hpreact')!.label).toBe('1×64 → 32×64, dim 0');
    expect(edge(v, 'counts_sum_inv', 'probs')!.label).toBe('32×1 → 32×27, dim 1');
    // Edges inside a folded statement disappear.
    expect(v.edges.some((e) => e.source === e.target)).toBe(false);
    expect(new Set(v.edges.map((e) => e.id)).size).toBe(v.edges.length);
  });

  it('expanding a statement shows its intermediates and their own edges', () => {
    const v = buildViewGraph(graph, new Set(['hpreact']));
    expect(v.nodes.find((n) => n.id === 'hpreact/mul#1')).toMatchObject({ kind: 'op', title: 'mul · 32×64' });
    expect(v.nodes.find((n) => n.id === 'hpreact')).toMatchObject({ expanded: true, subtitle: 'add' });
    expect(edge(v, 'bngain', 'hpreact/mul#1')!.broadcast).toMatchObject({ from: [1, 64], to: [32, 64], dims: [0] });
    expect(edge(v, 'hpreact/mul#1', 'hpreact')).toMatchObject({ label: '32×64', broadcast: null });
    expect(edge(v, 'bnbias', 'hpreact')!.label).toBe('1×64 → 32×64, dim 0');
  });

  it('every recorded broadcast is on exactly one edge when all is expanded', () => {
    const v = buildViewGraph(graph, new Set(groupMembers(graph).keys()));
    const marked = v.edges
      .filter((e) => e.broadcast)
      .map((e) => `${e.source}->${e.target}`)
      .sort();
    const recorded = graph.nodes.flatMap((n) => n.broadcasts.map((b) => `${b.inputId}->${n.id}`)).sort();
    expect(marked).toEqual(recorded);
    expect(v.nodes.length).toBe(graph.nodes.length);
  });

  it('sizes nodes and labels to their text', () => {
    const v = buildViewGraph(graph, new Set());
    const long = v.nodes.find((n) => n.id === 'counts_sum_inv')!;
    const short = v.nodes.find((n) => n.id === 'h')!;
    expect(long.width).toBeGreaterThan(short.width);
    const b = edge(v, 'counts_sum_inv', 'probs')!;
    expect(b.labelWidth).toBeGreaterThan(edge(v, 'counts', 'probs')!.labelWidth);
  });
});
