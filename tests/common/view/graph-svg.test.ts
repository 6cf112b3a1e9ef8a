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
  // A slide is near the wrapped graph's own shape, so it fills most of both ways (it once had half the
  // height empty); a portrait page fills its width.
  it.each([
    ['16:9', false, 0.75],
    ['a4', false, 0.5],
    ['16:9', true, 0.75],
  ] as const)(
    'the graph fills a %s page to 90 percent of its width or height (a backprop step: %s)',
    (page, step, other) => {
      const dump = step ? runLecture(DEFAULT_CONFIG, loadNames()) : null;
      const { svg, width, height } = graphSvg(dump?.graph ?? graph, {
        theme: 'light',
        page,
        ...(dump ? { backprop: { dump, schedule: buildSchedule(dump), index: 0 }, caption: 'run' } : {}),
      });
      // The drawing's own extent: node boxes and edge paths, in the graph group scaled onto the page.
      const [, dx, dy, k] = /<g transform="translate\(([\d.]+),([\d.]+)\)(?: scale\(([\d.]+)\))?">/
        .exec(svg)!
        .map(Number);
      const scale = Number.isNaN(k) ? 1 : k;
      const boxes = [
        ...svg.matchAll(
          /data-id="[^"]*"[^>]*transform="translate\(([\d.-]+),([\d.-]+)\)"><rect class="box[^"]*" width="([\d.]+)" height="([\d.]+)"/g,
        ),
      ].map((m) => m.slice(1).map(Number));
      expect(boxes.length).toBeGreaterThan(20);
      const points = [...svg.matchAll(/<path class="edge[^"]*" data-edge="[^"]*" d="([^"]+)"/g)].flatMap((m) =>
        [...m[1].matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((p) => [Number(p[1]), Number(p[2])]),
      );
      expect(points.length).toBeGreaterThan(40);
      const xs = [...boxes.flatMap(([x, , w]) => [x, x + w]), ...points.map(([x]) => x)];
      const ys = [...boxes.flatMap(([, y, , h]) => [y, y + h]), ...points.map(([, y]) => y)];
      const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      expect(dx + x0 * scale).toBeGreaterThanOrEqual(0);
      expect(dy + y1 * scale).toBeLessThanOrEqual(height);
      const fill = [((x1 - x0) * scale) / width, ((y1 - y0) * scale) / height];
      expect(Math.max(...fill)).toBeGreaterThanOrEqual(0.9);
      expect(Math.min(...fill)).toBeGreaterThanOrEqual(other);
    },
  );
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
    // The gradient's arrows point back along the edges it flows down; the others point forward.
    const active = [...svg.matchAll(/<path class="edge[^"]*\bactive" [^>]*>/g)].map((m) => m[0]);
    expect(active.length).toBeGreaterThan(0);
    for (const e of active) {
      expect(e).toContain('marker-start="url(#arrow-grad)"');
      expect(e).not.toContain('marker-end');
    }
    expect(svg).toMatch(/<path class="edge" [^>]*marker-end="url\(#arrow\)"/);
    // Each arrowhead is drawn the way it points, oriented along its edge (resvg, which draws the PNG and
    // GIF, ignores auto-start-reverse: in a right-to-left row every arrowhead hid under its node).
    const markers = [...svg.matchAll(/<marker id="([^"]+)"[^>]*orient="([^"]+)"><path d="([^"]+)"/g)];
    expect(markers.map((m) => [m[1], m[2], m[3]])).toEqual([
      ['arrow', 'auto', 'M0,0 L10,5 L0,10 z'],
      ['arrow-broadcast', 'auto', 'M0,0 L10,5 L0,10 z'],
      ['arrow-grad', 'auto', 'M10,0 L0,5 L10,10 z'],
    ]);
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
