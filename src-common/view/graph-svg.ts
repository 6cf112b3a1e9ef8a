/**
 * The graph as one standalone SVG string: the same layout and marks as the graph view, with styles and
 * theme colours inlined so the file looks right anywhere (browser, Inkscape, resvg). Pure: runs in the page
 * and in Node (the CLI's `export`), so both draw the same picture.
 */
import type { Graph } from '../../core/graph/types';
import { buildViewGraph } from './view-graph';
import { layoutGraph } from './layout';
import { edgePath } from './edge-path';
import { EXPORT_MONO, PALETTES, type Palette, type ThemeName } from './palette';

export interface GraphSvgOptions {
  theme: ThemeName;
  expanded?: ReadonlySet<string>;
  /** Node ids drawn with the highlight stroke (the selected node, a backprop step's target). */
  marked?: ReadonlySet<string>;
  /** A caption drawn top-left (e.g. the config), or none. */
  caption?: string;
}

const MARGIN = 24;
const CAPTION_HEIGHT = 22;

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);
}

function style(p: Palette): string {
  return `
    text { font-family: ${EXPORT_MONO}; }
    .edge { fill: none; stroke: ${p.edge}; stroke-width: 1.4; }
    .edge.broadcast { stroke: ${p.broadcast}; stroke-width: 2.2; }
    .head { fill: ${p.edge}; } .head.broadcast { fill: ${p.broadcast}; }
    .edge-label rect { fill: ${p.edgeLabelBg}; }
    .edge-label text { font-size: 11px; fill: ${p.muted}; }
    .edge-label.broadcast rect { fill: ${p.broadcastBg}; stroke: ${p.broadcast}; stroke-width: 1; }
    .edge-label.broadcast text { fill: ${p.broadcast}; font-weight: 600; }
    .box { stroke-width: 1.5; }
    .title { font-size: 12px; font-weight: 600; fill: ${p.text}; }
    .subtitle { font-size: 11px; fill: ${p.muted}; }
    .caption { font-size: 12px; fill: ${p.muted}; }
    .kind-parameter .box { fill: ${p.paramFill}; stroke: ${p.paramStroke}; }
    .kind-data .box { fill: ${p.dataFill}; stroke: ${p.dataStroke}; stroke-dasharray: 5 3; }
    .kind-tensor .box { fill: ${p.tensorFill}; stroke: ${p.tensorStroke}; }
    .kind-op .box { fill: ${p.opFill}; stroke: ${p.opStroke}; stroke-dasharray: 2 2; }
    .kind-op .title { font-weight: 400; font-style: italic; }
    .marked .box { stroke: ${p.hl}; stroke-width: 3; stroke-dasharray: none; }`;
}

const f = (n: number) => Number(n.toFixed(2));

/** Returns the SVG text and its size in CSS pixels. */
export function graphSvg(graph: Graph, options: GraphSvgOptions): { svg: string; width: number; height: number } {
  const p = PALETTES[options.theme];
  const view = buildViewGraph(graph, options.expanded ?? new Set());
  const layout = layoutGraph(view);
  const top = MARGIN + (options.caption ? CAPTION_HEIGHT : 0);
  const width = Math.ceil(layout.width + 2 * MARGIN);
  const height = Math.ceil(layout.height + top + MARGIN);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" data-theme="${options.theme}">`,
    `<style>${style(p)}</style>`,
    '<defs>',
    '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="head"/></marker>',
    '<marker id="arrow-broadcast" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="head broadcast"/></marker>',
    '</defs>',
    `<rect width="100%" height="100%" fill="${p.bg}"/>`,
  );
  if (options.caption) out.push(`<text class="caption" x="${MARGIN}" y="${MARGIN + 4}">${escapeXml(options.caption)}</text>`);
  out.push(`<g transform="translate(${MARGIN},${top})">`, '<g class="edges">');
  for (const e of view.edges) {
    const b = e.broadcast ? ' broadcast' : '';
    out.push(`<path class="edge${b}" d="${edgePath(layout.edges[e.id].points)}" marker-end="url(#arrow${b ? '-broadcast' : ''})"/>`);
  }
  out.push('</g>', '<g class="edge-labels">');
  for (const e of view.edges) {
    const at = layout.edges[e.id].label;
    out.push(
      `<g class="edge-label${e.broadcast ? ' broadcast' : ''}" transform="translate(${f(at.x)},${f(at.y)})">` +
        `<rect x="${f(-e.labelWidth / 2)}" y="${f(-e.labelHeight / 2)}" width="${e.labelWidth}" height="${e.labelHeight}" rx="4"/>` +
        `<text text-anchor="middle" y="3.8">${escapeXml(e.label)}</text></g>`,
    );
  }
  out.push('</g>', '<g class="nodes">');
  for (const n of view.nodes) {
    const box = layout.nodes[n.id];
    const marked = options.marked?.has(n.id) ? ' marked' : '';
    out.push(
      `<g class="node kind-${n.kind}${marked}" data-id="${escapeXml(n.id)}" transform="translate(${f(box.x)},${f(box.y)})">` +
        `<rect class="box" width="${box.width}" height="${box.height}" rx="6"/>` +
        `<text class="title" x="12" y="17">${escapeXml(n.title)}</text>` +
        `<text class="subtitle" x="12" y="32">${escapeXml(n.subtitle)}</text></g>`,
    );
  }
  out.push('</g>', '</g>', '</svg>');
  return { svg: out.join('\n'), width, height };
}
