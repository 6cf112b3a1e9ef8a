/**
 * Label sizes without a DOM, so layout runs the same in the page, a worker and Node. Labels use a monospace
 * font, so width is characters × advance; the advance is a little generous for the fonts in the stack.
 */
export const NODE_FONT_PX = 12;
export const EDGE_FONT_PX = 11;
const ADVANCE_EM = 0.61;

export function textWidth(text: string, fontPx: number): number {
  return Math.ceil([...text].length * fontPx * ADVANCE_EM);
}
