/**
 * The graph as one standalone SVG string: the same layout and marks as the graph view, with styles and
 * theme colours inlined so the file looks right anywhere (browser, Inkscape, resvg). Pure: runs in the page
 * and in Node (the CLI's `export`), so both draw the same picture.
 */
import type { Graph } from '../../core/graph/types';
import { buildViewGraph } from './view-graph';
import { chooseQuality, layoutGraph } from './layout';
import { wrapToFit, type Size } from './wrap';
import { edgePath } from './edge-path';
import { ARROWS, ARROW_PATH, LABEL, NODE, STROKE } from './marks';
import { EXPORT_MONO, PALETTES, type Palette, type ThemeName } from './palette';

export interface GraphSvgOptions {
  theme: ThemeName;
  expanded?: ReadonlySet<string>;
  /** Node ids drawn with the highlight stroke (the selected node, a backprop step's target). */
  marked?: ReadonlySet<string>;
  /** A caption drawn top-left (e.g. the config), or none. */
  caption?: string;
  /** Wrap the graph into rows to best fill a box of this shape (a page, a screen); default one long row. */
  fit?: Size;
}

const MARGIN = 24;
const CAPTION_HEIGHT = 22;

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);
}

function style(p: Palette): string {
  return `
    text { font-family: ${EXPORT_MONO}; }
    .edge { fill: none; stroke: ${p.edge}; stroke-width: ${STROKE.edge}; }
    .edge.broadcast { stroke: ${p.broadcast}; stroke-width: ${STROKE.broadcast}; }
    .head { fill: ${p.edge}; } .head.broadcast { fill: ${p.broadcast}; }
    .edge-label rect { fill: ${p.edgeLabelBg}; }
    .edge-label text { font-size: ${LABEL.fontPx}px; fill: ${p.muted}; }
    .edge-label.broadcast rect { fill: ${p.broadcastBg}; stroke: ${p.broadcast}; stroke-width: 1; }
    .edge-label.broadcast text { fill: ${p.broadcast}; font-weight: 600; }
    .box { stroke-width: ${STROKE.box}; }
    .title { font-size: ${NODE.titlePx}px; font-weight: 600; fill: ${p.text}; }
    .subtitle { font-size: ${NODE.subtitlePx}px; fill: ${p.muted}; }
    .caption { font-size: 12px; fill: ${p.muted}; }
    .kind-parameter .box { fill: ${p.paramFill}; stroke: ${p.paramStroke}; }
    .kind-data .box { fill: ${p.dataFill}; stroke: ${p.dataStroke}; stroke-dasharray: 5 3; }
    .kind-tensor .box { fill: ${p.tensorFill}; stroke: ${p.tensorStroke}; }
    .kind-op .box { fill: ${p.opFill}; stroke: ${p.opStroke}; stroke-dasharray: 2 2; }
    .kind-op .title { font-weight: 400; font-style: italic; }
    .marked .box { stroke: ${p.hl}; stroke-width: ${STROKE.marked}; stroke-dasharray: none; }`;
}

const f = (n: number) => Number(n.toFixed(2));

/** Returns the SVG text and its size in CSS pixels. */
export function graphSvg(graph: Graph, options: GraphSvgOptions): { svg: string; width: number; height: number } {
  const p = PALETTES[options.theme];
  const view = buildViewGraph(graph, options.expanded ?? new Set());
  const straight = layoutGraph(view);
  const layout = options.fit ? wrapToFit(view, straight, options.fit, chooseQuality(view) === 'thorough') : straight;
  const top = MARGIN + (options.caption ? CAPTION_HEIGHT : 0);
  const width = Math.ceil(layout.width + 2 * MARGIN);
  const height = Math.ceil(layout.height + top + MARGIN);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" data-theme="${options.theme}">`,
    `<style>${style(p)}</style>`,
    '<defs>',
    ...ARROWS.map((a) => `<marker id="${a.id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="${a.size}" markerHeight="${a.size}" orient="auto-start-reverse"><path d="${ARROW_PATH}" class="head${a.broadcast ? ' broadcast' : ''}"/></marker>`),
    '</defs>',
    `<rect width="100%" height="100%" fill="${p.bg}"/>`,
  );
  if (options.caption) out.push(`<text class="caption" x="${MARGIN}" y="${MARGIN + 4}">${escapeXml(options.caption)}</text>`);
  out.push(`<g transform="translate(${MARGIN},${top})">`, '<g class="edges">');
  for (const e of view.edges) {
    const b = e.broadcast ? ' broadcast' : '';
    out.push(`<path class="edge${b}" d="${edgePath(layout.edges[e.id].points)}" marker-end="url(#arrow${b ? '-broadcast' : ''})"><title>${escapeXml(e.label)}</title></path>`);
  }
  out.push('</g>', '<g class="edge-labels">');
  for (const e of view.edges.filter((x) => x.labelled)) {
    const at = layout.edges[e.id].label;
    out.push(
      `<g class="edge-label${e.broadcast ? ' broadcast' : ''}" transform="translate(${f(at.x)},${f(at.y)})">` +
        `<rect x="${f(-e.labelWidth / 2)}" y="${f(-e.labelHeight / 2)}" width="${e.labelWidth}" height="${e.labelHeight}" rx="${LABEL.rx}"/>` +
        `<text text-anchor="middle" y="${LABEL.textY}">${escapeXml(e.label)}</text></g>`,
    );
  }
  out.push('</g>', '<g class="nodes">');
  for (const n of view.nodes) {
    const box = layout.nodes[n.id];
    const marked = options.marked?.has(n.id) ? ' marked' : '';
    out.push(
      `<g class="node kind-${n.kind}${marked}" data-id="${escapeXml(n.id)}" transform="translate(${f(box.x)},${f(box.y)})">` +
        `<rect class="box" width="${box.width}" height="${box.height}" rx="${NODE.rx}"/>` +
        `<text class="title" x="${NODE.textX}" y="${NODE.titleY}">${escapeXml(n.title)}</text>` +
        `<text class="subtitle" x="${NODE.textX}" y="${NODE.subtitleY}">${escapeXml(n.subtitle)}</text></g>`,
    );
  }
  out.push('</g>', '</g>', '</svg>');
  return { svg: out.join('\n'), width, height };
}
