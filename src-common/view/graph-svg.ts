/**
 * The graph as one standalone SVG string: the same layout and marks as the graph view (geometry from
 * marks.ts, colours from palette.ts, inlined so the file looks right anywhere: browser, Inkscape, resvg,
 * PDF). Optionally shaped for a page (wrapped into rows and scaled to a 16:9 slide or an A4 portrait page)
 * and showing the backward pass at a step as the player does: fills, the flowing edges, the step's chips
 * and its caption. Pure: runs in the page and in Node (the CLI's `export`), so both draw the same picture.
 */
import type { BackwardSchedule } from '../../core/backprop/types';
import type { Graph } from '../../core/graph/types';
import { buildViewGraph, visibleNodeOf } from './view-graph';
import { chooseQuality, layoutGraph } from './layout';
import { fitScale, wrapToFit, type Size } from './wrap';
import { edgePath } from './edge-path';
import { ARROWS, CHIP, LABEL, NODE, STROKE } from './marks';
import { EXPORT_MONO, PALETTES, type Palette, type ThemeName } from './palette';
import { backpropDrawing, type BackpropDrawing, type FigureRun } from './backprop-figure';
import { ACCUMULATION_ROW } from './flow-plan';

/** `strip`: one long row at full size; the others wrap the graph and scale it onto a page of that shape. */
export type PageShape = 'strip' | '16:9' | 'a4';
export const PAGE_SHAPES: readonly PageShape[] = ['strip', '16:9', 'a4'];
/** In CSS pixels: a 1600×900 slide, and A4 portrait (210×297 mm at 96 px per inch). */
export const PAGE_SIZES: Record<Exclude<PageShape, 'strip'>, Size> = {
  '16:9': { width: 1600, height: 900 },
  a4: { width: 794, height: 1123 },
};

export interface GraphSvgOptions {
  theme: ThemeName;
  expanded?: ReadonlySet<string>;
  /** Node ids drawn with the highlight stroke (the selected node). */
  marked?: ReadonlySet<string>;
  /** A caption drawn top-left (e.g. the config); a backprop step adds itself to it. */
  caption?: string;
  page?: PageShape;
  /** Draw the backward pass after step `index` (0-based) of `schedule`, run on `dump` (whose graph this is). */
  backprop?: { dump: FigureRun; schedule: BackwardSchedule; index: number };
}

const MARGIN = 24;
/** A page enlarges the graph to fill itself, up to this (a tiny graph does not become a poster). */
const MAX_PAGE_SCALE = 3;
const CAPTION_HEIGHT = 22;

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);
}

/**
 * The figure's style sheet. Each rule names one element by its own classes, with no descendant selectors,
 * so svg-to-pdfkit (which matches single compound selectors only) draws the PDF as browsers and resvg do.
 */
function style(p: Palette): string {
  return `
    text { font-family: ${EXPORT_MONO}; }
    .edge { fill: none; stroke: ${p.edge}; stroke-width: ${STROKE.edge}; }
    .edge.broadcast { stroke: ${p.broadcast}; stroke-width: ${STROKE.broadcast}; }
    .edge.passed { stroke: ${p.gradPassed}; }
    .edge.active { stroke: ${p.grad}; stroke-width: ${STROKE.lit}; }
    .head { fill: ${p.edge}; } .head.broadcast { fill: ${p.broadcast}; } .head.grad { fill: ${p.grad}; }
    .label-box { fill: ${p.broadcastBg}; stroke: ${p.broadcast}; stroke-width: 1; }
    .label-text { font-size: ${LABEL.fontPx}px; fill: ${p.broadcast}; font-weight: 600; }
    .box { stroke-width: ${STROKE.box}; }
    .box.kind-parameter { fill: ${p.paramFill}; stroke: ${p.paramStroke}; }
    .box.kind-data { fill: ${p.dataFill}; stroke: ${p.dataStroke}; stroke-dasharray: 5 3; }
    .box.kind-tensor { fill: ${p.tensorFill}; stroke: ${p.tensorStroke}; }
    .box.kind-op { fill: ${p.opFill}; stroke: ${p.opStroke}; stroke-dasharray: 2 2; }
    .box.marked { stroke: ${p.hl}; stroke-width: ${STROKE.marked}; stroke-dasharray: none; }
    .box.grad-current { stroke: ${p.grad}; stroke-width: 3.5; stroke-dasharray: none; }
    .box.grad-skipped { stroke-dasharray: 3 3; }
    .grad-skipped { opacity: 0.45; }
    .title { font-size: ${NODE.titlePx}px; font-weight: 600; fill: ${p.text}; }
    .title.kind-op { font-weight: 400; font-style: italic; }
    .subtitle { font-size: ${NODE.subtitlePx}px; fill: ${p.muted}; }
    .caption { font-size: 12px; fill: ${p.muted}; }
    .chip-box { fill: ${p.grad}; } .chip-box.kind-reduce { fill: ${p.broadcast}; }
    .chip-text { font-size: ${LABEL.fontPx}px; font-weight: 600; fill: #fff; }
    .leader { stroke: ${p.grad}; stroke-width: 1.5; } .leader.kind-reduce { stroke: ${p.broadcast}; }
    .leader-end { fill: ${p.grad}; } .leader-end.kind-reduce { fill: ${p.broadcast}; }
    .acc-box { fill: ${p.panel}; stroke: ${p.grad}; stroke-width: 1.5; }
    .acc-text { font-size: ${LABEL.fontPx}px; font-weight: 600; fill: ${p.text}; }`;
}

const f = (n: number) => Number(n.toFixed(2));

/** The run a figure shows, in its caption (the app's and the CLI's figures say it the same way). */
export const runCaption = (c: { variant: string; seed: number; n_hidden: number }, loss: number) =>
  `variant ${c.variant} · seed ${c.seed} · hidden ${c.n_hidden} · loss ${loss.toFixed(4)}`;

/** The caption line a backprop figure carries: `backprop step 6/27: dcounts` (1-based, as the player counts). */
export const stepCaption = (number: number, count: number, target: string) =>
  `backprop step ${number}/${count}: d${target}`;

/** Returns the SVG text and its size in CSS pixels. */
export function graphSvg(graph: Graph, options: GraphSvgOptions): { svg: string; width: number; height: number } {
  const p = PALETTES[options.theme];
  const expanded = options.expanded ?? new Set<string>();
  const view = buildViewGraph(graph, expanded);
  const straight = layoutGraph(view);
  const page = options.page && options.page !== 'strip' ? PAGE_SIZES[options.page] : null;
  let drawing: BackpropDrawing | null = null;
  const top = MARGIN + (options.caption || options.backprop ? CAPTION_HEIGHT : 0);
  const inner = page ? { width: page.width - 2 * MARGIN, height: page.height - top - MARGIN } : null;
  const layout = inner
    ? wrapToFit(view, straight, inner, chooseQuality(view) === 'thorough', { max: MAX_PAGE_SCALE })
    : straight;
  if (options.backprop) {
    const { dump, schedule, index } = options.backprop;
    drawing = backpropDrawing(dump, schedule, index, view, layout, visibleNodeOf(graph, expanded), options.theme);
  }
  const caption = [
    options.caption,
    drawing ? stepCaption(drawing.number, drawing.count, drawing.step.target) : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  // On a page the graph is scaled to fill it and centred; a strip is the graph at full size.
  const k = inner ? fitScale(layout, inner, MAX_PAGE_SCALE) : 1;
  const width = page ? page.width : Math.ceil(layout.width + 2 * MARGIN);
  const height = page ? page.height : Math.ceil(layout.height + top + MARGIN);
  const dx = inner ? MARGIN + (inner.width - layout.width * k) / 2 : MARGIN;
  const dy = inner ? top + (inner.height - layout.height * k) / 2 : top;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" data-theme="${options.theme}"${drawing ? ` data-step="${drawing.number}"` : ''}>`,
    `<style>${style(p)}</style>`,
    '<defs>',
    ...ARROWS.map(
      (a) =>
        `<marker id="${a.id}" viewBox="0 0 10 10" refX="${a.refX}" refY="5" markerWidth="${a.size}" markerHeight="${a.size}" orient="auto"><path d="${a.path}" class="head${a.broadcast ? ' broadcast' : ''}${a.grad ? ' grad' : ''}"/></marker>`,
    ),
    '</defs>',
    `<rect width="100%" height="100%" fill="${p.bg}"/>`,
  );
  if (caption) out.push(`<text class="caption" x="${MARGIN}" y="${MARGIN + 4}">${escapeXml(caption)}</text>`);
  out.push(
    `<g transform="translate(${f(dx)},${f(dy)})${k !== 1 ? ` scale(${f(k * 1000) / 1000})` : ''}">`,
    '<g class="edges">',
  );
  for (const e of view.edges) {
    const b = e.broadcast ? ' broadcast' : '';
    const flow = drawing?.active.has(e.id) ? ' active' : drawing?.passed.has(e.id) && !e.broadcast ? ' passed' : '';
    // The gradient's arrow points back along the edge it flows down (marks.ts).
    const marker =
      flow === ' active' ? 'marker-start="url(#arrow-grad)"' : `marker-end="url(#arrow${b ? '-broadcast' : ''})"`;
    out.push(
      `<path class="edge${b}${flow}" data-edge="${escapeXml(e.id)}" d="${edgePath(layout.edges[e.id].points)}" ${marker}><title>${escapeXml(e.label)}</title></path>`,
    );
  }
  out.push('</g>', '<g class="edge-labels">');
  for (const e of view.edges.filter((x) => x.labelled)) {
    const at = layout.edges[e.id].label;
    out.push(
      `<g class="edge-label${e.broadcast ? ' broadcast' : ''}" transform="translate(${f(at.x)},${f(at.y)})">` +
        `<rect class="label-box" x="${f(-e.labelWidth / 2)}" y="${f(-e.labelHeight / 2)}" width="${e.labelWidth}" height="${e.labelHeight}" rx="${LABEL.rx}"/>` +
        `<text class="label-text" text-anchor="middle" y="${LABEL.textY}">${escapeXml(e.label)}</text></g>`,
    );
  }
  out.push('</g>', '<g class="nodes">');
  for (const n of view.nodes) {
    const box = layout.nodes[n.id];
    const state = drawing?.states.get(n.id);
    const states = [
      `kind-${n.kind}`,
      options.marked?.has(n.id) ? 'marked' : '',
      state === 'current' ? 'grad-current' : state === 'skipped' ? 'grad-skipped' : '',
    ]
      .filter(Boolean)
      .join(' ');
    const fill =
      state === 'done' || state === 'current'
        ? `<rect class="grad-fill" width="${box.width}" height="${box.height}" rx="${NODE.rx}" fill="${drawing!.fills.get(n.id) ?? p.gradNeutral}"/>`
        : '';
    out.push(
      `<g class="node ${states}" data-id="${escapeXml(n.id)}"${state ? ` data-grad="${state}"` : ''} transform="translate(${f(box.x)},${f(box.y)})">` +
        `<rect class="box ${states}" width="${box.width}" height="${box.height}" rx="${NODE.rx}"/>${fill}` +
        `<text class="title kind-${n.kind}" x="${NODE.textX}" y="${NODE.titleY}">${escapeXml(n.title)}</text>` +
        `<text class="subtitle" x="${NODE.textX}" y="${NODE.subtitleY}">${escapeXml(n.subtitle)}</text></g>`,
    );
  }
  out.push('</g>');
  if (drawing) {
    out.push('<g class="flow-chips">');
    for (const c of drawing.chips) {
      const kind = `kind-${c.chip.kind}`;
      out.push(
        `<g class="chip ${kind}" data-edge="${escapeXml(c.chip.edgeId)}">` +
          (c.leader
            ? `<line class="leader ${kind}" x1="${f(c.centre.x)}" y1="${f(c.centre.y)}" x2="${f(c.anchor.x)}" y2="${f(c.anchor.y)}"/><circle class="leader-end ${kind}" cx="${f(c.anchor.x)}" cy="${f(c.anchor.y)}" r="3"/>`
            : '') +
          `<rect class="chip-box ${kind}" x="${f(c.centre.x - c.width / 2)}" y="${f(c.centre.y - CHIP.height / 2)}" width="${f(c.width)}" height="${CHIP.height}" rx="${CHIP.rx}"/>` +
          `<text class="chip-text" x="${f(c.centre.x)}" y="${f(c.centre.y + CHIP.textY)}" text-anchor="middle">${escapeXml(c.chip.text)}</text></g>`,
      );
    }
    if (drawing.accumulation) {
      const { labels, rect } = drawing.accumulation;
      labels.forEach((label, i) =>
        out.push(
          `<g class="accumulate" transform="translate(${f(rect.x)},${f(rect.y + i * ACCUMULATION_ROW)})"><rect class="acc-box" width="${f(rect.width)}" height="${ACCUMULATION_ROW - 3}" rx="4"/><text class="acc-text" x="8" y="12.5">${escapeXml(label)}</text></g>`,
        ),
      );
    }
    out.push('</g>');
  }
  out.push('</g>', '</svg>');
  return { svg: out.join('\n'), width, height };
}
