/**
 * The graph's colours per theme as plain values, because a standalone SVG cannot reach the page's CSS
 * variables. Mirrors the graph variables in styles/app.css; keep the two in step.
 */
import type { Theme } from '../../src-common/ipc-contract';

export interface Palette {
  bg: string;
  text: string;
  muted: string;
  edge: string;
  edgeLabelBg: string;
  paramFill: string;
  paramStroke: string;
  dataFill: string;
  dataStroke: string;
  tensorFill: string;
  tensorStroke: string;
  opFill: string;
  opStroke: string;
  broadcast: string;
  broadcastBg: string;
  hl: string;
}

export const PALETTES: Record<Theme, Palette> = {
  light: {
    bg: '#fbfbfa', text: '#1d1f23', muted: '#656a73', edge: '#8a8f98', edgeLabelBg: '#fbfbfa',
    paramFill: '#fff3d1', paramStroke: '#c98a00', dataFill: '#dcf3ea', dataStroke: '#1f8a65',
    tensorFill: '#ffffff', tensorStroke: '#3a6fd8', opFill: '#f0f0ed', opStroke: '#9aa0a8',
    broadcast: '#d6336c', broadcastBg: '#fff0f5', hl: '#7048e8',
  },
  dark: {
    bg: '#15171c', text: '#e6e7ea', muted: '#9aa0aa', edge: '#7d8592', edgeLabelBg: '#15171c',
    paramFill: '#3a2f12', paramStroke: '#f0b429', dataFill: '#113128', dataStroke: '#3ccf9b',
    tensorFill: '#1d2330', tensorStroke: '#6b9bff', opFill: '#1f2229', opStroke: '#6b7280',
    broadcast: '#ff5c93', broadcastBg: '#35161f', hl: '#b197fc',
  },
};

/** Monospace stack for exported text: named fonts first, then the generic family resvg and browsers always have. */
export const EXPORT_MONO = "'DejaVu Sans Mono', 'Liberation Mono', Menlo, Consolas, monospace";
