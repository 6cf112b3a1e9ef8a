/**
 * `backprop-studio export`: draws the graph of a run without a window: the same pure graph→SVG module as
 * the app, and @resvg/resvg-js for PNG (with the system fonts, so the monospace labels render).
 */
import { Resvg } from '@resvg/resvg-js';
import { loadNames } from '../core/data/load-names-node';
import { runLecture } from '../core/mlp/run';
import { buildSchedule } from '../core/backprop/schedule';
import { graphSvg } from '../src-common/view/graph-svg';
import { parseFlags, UsageError } from './args';
import { CONFIG_FLAGS, configFromFlags } from './config-flags';
import { writeOutputAtomic } from './output-file';

export const EXPORT_USAGE =
  'backprop-studio export --format svg|png [--scale 1|2|4] [--theme light|dark] [--step N] [--seed S] [--hidden H] [--variant V] ... --out FILE';

const FORMATS = ['svg', 'png'] as const;
const SCALES = ['1', '2', '4'];

/** Renders an SVG string to PNG bytes at `scale` device pixels per CSS pixel. */
export function svgToPng(svg: string, scale: number): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans Mono', monospaceFamily: 'DejaVu Sans Mono' },
  });
  return resvg.render().asPng();
}

export function exportCommand(argv: readonly string[]): void {
  const flags = parseFlags(argv, {
    values: [...Object.keys(CONFIG_FLAGS), 'format', 'scale', 'theme', 'step', 'out'],
    required: ['format', 'out'],
  });
  const format = flags.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new UsageError(`--format: expected svg or png, got "${flags.format}"`);
  const scale = flags.scale ?? '1';
  if (!SCALES.includes(scale)) throw new UsageError(`--scale: expected 1, 2 or 4, got "${scale}"`);
  if (format === 'svg' && flags.scale !== undefined) throw new UsageError('--scale applies to --format png only');
  const theme = flags.theme ?? 'light';
  if (theme !== 'light' && theme !== 'dark') throw new UsageError(`--theme: expected light or dark, got "${theme}"`);
  if (flags.step !== undefined && !/^\d+$/.test(flags.step)) throw new UsageError(`--step: expected a step number, got "${flags.step}"`);
  const config = configFromFlags(flags);

  const dump = runLecture(config, loadNames());
  const marked = new Set<string>();
  let caption = `variant ${config.variant} · seed ${config.seed} · hidden ${config.n_hidden} · loss ${dump.loss.toFixed(4)}`;
  if (flags.step !== undefined) {
    const { steps } = buildSchedule(dump);
    const step = steps[Number(flags.step)];
    if (!step) throw new UsageError(`--step: expected 0..${steps.length - 1}, got ${flags.step}`);
    marked.add(step.target);
    caption += ` · backprop step ${step.index}: d${step.target}`;
  }
  const { svg } = graphSvg(dump.graph, { theme, marked, caption });
  writeOutputAtomic(flags.out, format === 'svg' ? svg : svgToPng(svg, Number(scale)));
  console.log(`wrote ${flags.out}`);
}
