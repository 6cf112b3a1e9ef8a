/**
 * Every theme colour of the app, once: the page's CSS variables are generated from this table
 * (`paletteCss`, installed by the renderer at start-up) and the standalone exports (SVG, PNG, PDF, GIF) and
 * the Electron window's background read the same values, since a file cannot reach the page's CSS.
 * Broadcast magenta is reserved: nothing else uses it.
 */
import { FIGURE_FONT } from './figure-font';

export type ThemeName = 'light' | 'dark';

/** Name (camelCase of the CSS variable: `edgeLabelBg` is `--edge-label-bg`) → [light, dark]. */
const COLOURS = {
  bg: ['#fbfbfa', '#15171c'],
  panel: ['#f2f2ef', '#1c1f26'],
  panel2: ['#e9e9e5', '#252932'],
  text: ['#1d1f23', '#e6e7ea'],
  muted: ['#656a73', '#9aa0aa'],
  border: ['#d5d6d2', '#323743'],
  // Darker than the tensor stroke in light so text in it passes WCAG AA (4.5:1) on the panels.
  accent: ['#2f62cc', '#6b9bff'],
  edge: ['#8a8f98', '#7d8592'],
  edgeLabelBg: ['#fbfbfa', '#15171c'],
  paramFill: ['#fff3d1', '#3a2f12'],
  paramStroke: ['#c98a00', '#f0b429'],
  // Text saying "approximate" (cmp's False exact): the parameter amber, dark enough in light for AA contrast.
  approxText: ['#805500', '#f0b429'],
  dataFill: ['#dcf3ea', '#113128'],
  dataStroke: ['#1f8a65', '#3ccf9b'],
  tensorFill: ['#ffffff', '#1d2330'],
  tensorStroke: ['#3a6fd8', '#6b9bff'],
  opFill: ['#f0f0ed', '#1f2229'],
  opStroke: ['#9aa0a8', '#6b7280'],
  broadcast: ['#d6336c', '#ff5c93'],
  broadcastBg: ['#fff0f5', '#35161f'],
  hl: ['#7048e8', '#b197fc'],
  // Backprop: the gradient travelling, edges it has passed, and a completed node with no tensor of its own.
  grad: ['#f76707', '#ff922b'],
  gradPassed: ['#f5b38a', '#8a4b22'],
  gradNeutral: ['#ffe3cf', '#3a2617'],
  // The |grad| fill ramp, pale to strong, light enough at both ends for the node's text.
  gradLow: ['#ffeede', '#33241a'],
  gradHigh: ['#ff8f57', '#9c4a17'],
  hlBg: ['rgba(112, 72, 232, 0.13)', 'rgba(177, 151, 252, 0.16)'],
  error: ['#c92a2a', '#ff6b6b'],
  // A gradient line autograd agrees with exactly (the exercise editor's gutter), AA on the panels.
  ok: ['#237032', '#69db7c'],
  shadow: ['0 4px 18px rgba(0, 0, 0, 0.12)', '0 4px 18px rgba(0, 0, 0, 0.5)'],
} as const satisfies Record<string, readonly [string, string]>;

export type Palette = Record<keyof typeof COLOURS, string>;

function palette(i: 0 | 1): Palette {
  return Object.fromEntries(Object.entries(COLOURS).map(([name, pair]) => [name, pair[i]])) as Palette;
}

export const PALETTES: Record<ThemeName, Palette> = { light: palette(0), dark: palette(1) };

/** `edgeLabelBg` → `--edge-label-bg`, `panel2` → `--panel-2`. */
export const cssVariable = (name: string): string => `--${name.replace(/[A-Z0-9]/g, (c) => `-${c.toLowerCase()}`)}`;

/** The theme variables as a style sheet: light by default, dark under `data-theme="dark"`. */
export function paletteCss(): string {
  const block = (theme: ThemeName) =>
    `color-scheme: ${theme};\n${Object.entries(PALETTES[theme])
      .map(([name, value]) => `  ${cssVariable(name)}: ${value};`)
      .join('\n')}`;
  return `:root,\n:root[data-theme='light'] {\n  ${block('light')}\n}\n:root[data-theme='dark'] {\n  ${block('dark')}\n}\n`;
}

/** Monospace stack for exported text: the bundled face (figure-font.ts), then the generic family as a last resort. */
export const EXPORT_MONO = `'${FIGURE_FONT.family}', monospace`;
