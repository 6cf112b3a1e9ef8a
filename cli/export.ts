/**
 * `backprop-studio export`: draws the graph of a run without a window, with the same pure graph→SVG module
 * as the app: SVG, PNG (1×/2×/4×), vector PDF, or an animated GIF of the backward pass from loss to the
 * leaves (one frame per step). `--page 16:9|a4` shapes the figure for a slide or a portrait page; `--step N`
 * (1-based, as the player counts) draws the backward pass at that step.
 */
import { loadNames } from './load-names';
import { runLecture } from '../core/mlp/run';
import { buildSchedule } from '../core/mlp/lecture-schedule';
import { graphSvg, PAGE_SHAPES, runCaption, type PageShape } from '../src-common/view/graph-svg';
import { encodeGif } from '../src-common/view/figure-gif';
import { writeFileAtomic } from '../src-node/write-atomic';
import { parseFlags, UsageError } from './args';
import { configFromFlags, flagsOf, MLP_FIELDS } from './config-flags';
import { checkOutputPath } from './output-file';
import { svgToPdf, svgToPng, svgToRgba } from './figures';

export { svgToPng } from './figures';

export const EXPORT_USAGE =
  'backprop-studio export --format svg|png|pdf|gif [--page strip|16:9|a4] [--scale 1|2|4] [--theme light|dark] [--step N] [--seed S] [--hidden H] [--variant V] ... --out FILE';

export const EXPORT_HELP = `${EXPORT_USAGE}

  --format   svg (standalone, styles inlined), png, pdf (vector; text stays text) or gif (the backward
             pass from loss to the leaves, one frame per step)
  --page     strip: the graph in one long row at full size (default for svg, png, pdf);
             16:9: wrapped into rows on a 1600×900 slide (default for gif); a4: an A4 portrait page
  --scale    png and gif only: device pixels per CSS pixel (png 1, 2 or 4; gif 1 or 2)
  --theme    light (default) or dark
  --step N   draw the backward pass after step N, counted from 1 as the app's player does
             (fills, the step's chips and its caption); not with gif, which draws every step
  --seed, --embd, --hidden, --block, --batch, --variant   the run's config, as for dump
  --out      the file to write (written whole or not at all)`;

const FORMATS = ['svg', 'png', 'pdf', 'gif'] as const;
type Format = (typeof FORMATS)[number];
const SCALES: Record<'png' | 'gif', string[]> = { png: ['1', '2', '4'], gif: ['1', '2'] };
/** How long each step of the GIF shows. */
const GIF_FRAME_MS = 900;

export async function exportCommand(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv, {
    values: [...flagsOf(MLP_FIELDS), 'format', 'scale', 'theme', 'step', 'page', 'out'],
    required: ['format', 'out'],
  });
  const format = flags.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format: expected svg, png, pdf or gif, got "${flags.format}"`);
  const scale = flags.scale ?? '1';
  if (flags.scale !== undefined && format !== 'png' && format !== 'gif')
    throw new UsageError('--scale applies to --format png and gif only');
  if ((format === 'png' || format === 'gif') && !SCALES[format].includes(scale)) {
    throw new UsageError(`--scale: expected ${SCALES[format].join(', ').replace(/, (\d)$/, ' or $1')}, got "${scale}"`);
  }
  const theme = flags.theme ?? 'light';
  if (theme !== 'light' && theme !== 'dark') throw new UsageError(`--theme: expected light or dark, got "${theme}"`);
  const page = (flags.page ?? (format === 'gif' ? '16:9' : 'strip')) as PageShape;
  if (!PAGE_SHAPES.includes(page)) throw new UsageError(`--page: expected strip, 16:9 or a4, got "${flags.page}"`);
  if (flags.step !== undefined && !/^\d+$/.test(flags.step))
    throw new UsageError(`--step: expected a step number, got "${flags.step}"`);
  if (flags.step !== undefined && format === 'gif') throw new UsageError('--step: a gif draws every step');
  const config = configFromFlags(flags);
  checkOutputPath(flags.out);

  const dump = runLecture(config, loadNames());
  const caption = runCaption(config, dump.loss);
  const schedule = flags.step !== undefined || format === 'gif' ? buildSchedule(dump) : null;
  const figure = (index: number | null) =>
    graphSvg(dump.graph, {
      theme,
      caption,
      page,
      backprop: schedule && index !== null ? { dump, schedule, index } : undefined,
    });

  if (format === 'gif') {
    const steps = schedule!.steps.length;
    // A progress line on a terminal only; a pipe or a log gets just the result.
    const progress = (text: string) => process.stderr.isTTY && process.stderr.write(`\r${text}`);
    const frames = schedule!.steps.map((_, i) => {
      progress(`drawing step ${i + 1}/${steps}  `);
      return svgToRgba(figure(i).svg, Number(scale));
    });
    const gif = encodeGif(frames, GIF_FRAME_MS, (done, total) => progress(`encoding frame ${done}/${total}`));
    progress('\n');
    writeFileAtomic(flags.out, gif);
    console.log(`wrote ${flags.out} (${steps} frames, ${frames[0].width}×${frames[0].height})`);
    return;
  }
  let index: number | null = null;
  if (flags.step !== undefined) {
    const n = Number(flags.step);
    if (n < 1 || n > schedule!.steps.length)
      throw new UsageError(`--step: expected 1..${schedule!.steps.length}, got ${flags.step}`);
    index = n - 1;
  }
  const { svg, width, height } = figure(index);
  const bytes =
    format === 'svg'
      ? svg
      : format === 'png'
        ? svgToPng(svg, Number(scale))
        : await svgToPdf(svg, width, height, `Backprop Studio: ${caption}`);
  writeFileAtomic(flags.out, bytes);
  console.log(`wrote ${flags.out}`);
}
