import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../core/mlp/config';
import { loadNames } from '../../../cli/load-names';
import { runLecture } from '../../../core/mlp/run';
import { escapeXml, graphSvg } from '../../../src-common/view/graph-svg';
import { buildSchedule } from '../../../core/mlp/lecture-schedule';

const graph = runLecture({ ...DEFAULT_CONFIG, n_hidden: 16 }, loadNames()).graph;

describe('graphSvg', () => {
  it.each(['light', 'dark'] as const)(
    'draws every node and a label on every broadcast edge in the %s theme, styles inlined',
    (theme) => {
      const { svg, width, height } = graphSvg(graph, { theme, caption: 'a < b & c' });
      expect(svg.startsWith(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"`)).toBe(true);
      expect(svg).not.toContain('var(--');
      expect(svg).toContain('a &lt; b &amp; c');
      for (const n of graph.nodes.filter((n) => !n.group)) expect(svg).toContain(`data-id="${n.id}"`);
      const broadcasts = graph.nodes.reduce((sum, n) => sum + n.broadcasts.length, 0);
      expect(svg.match(/<g class="edge-label broadcast"/g)!.length).toBe(broadcasts);
      expect(svg).not.toMatch(/<g class="edge-label"/);
      // Every edge still names its shape, as a tooltip.
      expect(svg.match(/<path class="edge[^>]*><title>/g)!.length).toBe(svg.match(/<path class="edge/g)!.length);
    },
  );
  it('expanding a statement draws its anonymous ops', () => {
    const folded = graphSvg(graph, { theme: 'light' }).svg;
    const open = graphSvg(graph, { theme: 'light', expanded: new Set(['hprebn']) }).svg;
    const member = graph.nodes.find((n) => n.group === 'hprebn')!;
    expect(folded).not.toContain(`data-id="${member.id}"`);
    expect(open).toContain(`data-id="${member.id}"`);
  });
  it.each([
    ['16:9', 1600, 900],
    ['a4', 794, 1123],
  ] as const)('shapes the figure for a %s page, the graph wrapped and scaled inside it', (page, width, height) => {
    const { svg, width: w, height: h } = graphSvg(graph, { theme: 'light', page });
    expect([w, h]).toEqual([width, height]);
    expect(svg).toContain(`width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"`);
  });
  it('draws the backward pass at a step: 1-based caption, fills up to it, the step current', () => {
    const dump = runLecture({ ...DEFAULT_CONFIG, n_hidden: 16 }, loadNames());
    const schedule = buildSchedule(dump);
    const { svg } = graphSvg(dump.graph, {
      theme: 'dark',
      page: '16:9',
      backprop: { dump, schedule, index: 2 },
      caption: 'run',
    });
    const [a, b, c] = schedule.steps;
    expect(svg).toContain(`run · backprop step 3/${schedule.steps.length}: d${c.target}`);
    for (const done of [a.target, b.target]) expect(svg).toMatch(new RegExp(`data-id="${done}" data-grad="done"`));
    expect(svg).toMatch(new RegExp(`grad-current" data-id="${c.target}" data-grad="current"`));
    expect(svg).toContain('data-step="3"');
  });
  it('styles each element by its own classes only, as svg-to-pdfkit (the PDF) can match', () => {
    const { svg } = graphSvg(graph, { theme: 'light' });
    const sheet = svg.match(/<style>([\s\S]*?)<\/style>/)![1];
    const selectors = [...sheet.matchAll(/([^{}]+)\{/g)].flatMap((m) => m[1].split(',').map((x) => x.trim()));
    expect(selectors.length).toBeGreaterThan(20);
    // No descendant or child combinators: `text`, `.box.kind-tensor`, never `.kind-tensor .box`.
    expect(selectors.filter((x) => /[\s>+~]/.test(x))).toEqual([]);
    // And every node's box carries its kind itself.
    expect(svg).toMatch(/<rect class="box kind-tensor"/);
  });
  it('marks the given nodes', () => {
    expect(graphSvg(graph, { theme: 'light', marked: new Set(['loss']) }).svg).toMatch(/marked" data-id="loss"/);
  });
  it.each([
    ['a<b', 'a&lt;b'],
    ['"x" & \'y\'', '&quot;x&quot; &amp; &apos;y&apos;'],
  ])('escapeXml(%s)', (s, want) => expect(escapeXml(s)).toBe(want));
});
