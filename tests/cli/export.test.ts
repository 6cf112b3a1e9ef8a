import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TENSOR_NAMES, PARAM_NAMES } from '../../core/mlp/names';
import { buildSchedule } from '../../core/mlp/lecture-schedule';
import { loadNames } from '../../cli/load-names';
import { DEFAULT_CONFIG } from '../../core/mlp/config';
import { runLecture } from '../../core/mlp/run';
import { embeddedFonts } from '../helpers/pdf-fonts';

const BIN = join(__dirname, '..', '..', 'bin', 'backprop-studio.mjs');
const dir = mkdtempSync(join(tmpdir(), 'bps-export-'));
const cli = (...args: string[]) => spawnSync('node', [BIN, 'export', ...args], { encoding: 'utf8' });

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): [number, number] {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('backprop-studio export', () => {
  it('writes a standalone SVG with every named node', () => {
    const out = join(dir, 'g.svg');
    const r = cli('--format', 'svg', '--theme', 'dark', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const svg = readFileSync(out, 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="\d+" height="\d+"/);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).not.toContain('var(--'); // styles are inlined, nothing depends on the page
    expect(svg).toContain('data-theme="dark"');
    for (const name of [...PARAM_NAMES, ...TENSOR_NAMES]) expect(svg).toContain(`data-id="${name}"`);
  });

  it.each([1, 2, 4])('writes a PNG at scale %i', (scale) => {
    const svgOut = join(dir, `s${scale}.svg`);
    const pngOut = join(dir, `s${scale}.png`);
    expect(cli('--format', 'svg', '--hidden', '16', '--out', svgOut).status).toBe(0);
    const r = cli('--format', 'png', '--scale', String(scale), '--hidden', '16', '--out', pngOut);
    expect(r.status, r.stderr).toBe(0);
    const [w, h] = readFileSync(svgOut, 'utf8')
      .match(/width="(\d+)" height="(\d+)"/)!
      .slice(1)
      .map(Number);
    expect(pngSize(readFileSync(pngOut))).toEqual([w * scale, h * scale]);
  });

  it('draws the backward pass at --step N, counted from 1 as the player counts', () => {
    const schedule = buildSchedule(runLecture({ ...DEFAULT_CONFIG, n_hidden: 16 }, loadNames()));
    const counts = schedule.steps.findIndex((s) => s.target === 'counts');
    const out = join(dir, 'step.svg');
    const r = cli('--format', 'svg', '--hidden', '16', '--step', String(counts + 1), '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const svg = readFileSync(out, 'utf8');
    expect(svg).toContain(`backprop step ${counts + 1}/${schedule.steps.length}: dcounts`);
    expect(svg).toMatch(/class="node kind-tensor grad-current" data-id="counts"/);
    // Earlier targets are filled, later ones not; the step's chips are drawn on its edges.
    expect(svg).toMatch(/data-id="loss" data-grad="done"/);
    expect(svg).not.toMatch(/data-id="W1" data-grad/);
    expect(svg).toContain('<g class="chip kind-expand" data-edge="counts-&gt;counts_sum">');
    // Step 1 is dloss.
    expect(cli('--format', 'svg', '--step', '1', '--out', out).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/class="node kind-tensor grad-current" data-id="loss"/);
  });

  it.each([
    ['16:9', 16 / 9],
    ['a4', 210 / 297],
  ])('shapes a PNG for a %s page', (page, aspect) => {
    const out = join(dir, `page-${page.replace(':', 'x')}.png`);
    const r = cli('--format', 'png', '--page', page, '--hidden', '16', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const [w, h] = pngSize(readFileSync(out));
    expect(w / h).toBeCloseTo(aspect, 2);
  });

  it('writes a vector PDF whose text pdftotext reads back', () => {
    const out = join(dir, 'g.pdf');
    const r = cli('--format', 'pdf', '--page', 'a4', '--hidden', '16', '--step', '2', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const pdf = readFileSync(out);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Vector: no image in it at all.
    expect(pdf.toString('latin1')).not.toContain('/Subtype /Image');
    // -raw: in content order, so a label's text is one line whatever its neighbours.
    const text = spawnSync('pdftotext', ['-raw', out, '-'], { encoding: 'utf8' });
    if (text.error) return; // poppler-utils not installed: the checks above still ran
    expect(embeddedFonts(out)).toEqual(['DejaVuSansMono', 'DejaVuSansMono-Bold']);
    for (const name of [
      'logits · 32×27',
      'counts_sum_inv',
      'bnmeani',
      'loss · scalar',
      '32×1 → 32×27, dim 1',
      'backprop step 2/',
    ])
      expect(text.stdout).toContain(name);
  });

  it('writes an animated GIF of the backward pass, one frame per step', () => {
    const out = join(dir, 'bp.gif');
    const r = cli('--format', 'gif', '--hidden', '16', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const gif = readFileSync(out);
    expect(gif.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    // Logical screen: the 16:9 page.
    expect([gif.readUInt16LE(6), gif.readUInt16LE(8)]).toEqual([1600, 900]);
    // One image descriptor (0x2C after a graphic control extension) per frame.
    const steps = buildSchedule(runLecture({ ...DEFAULT_CONFIG, n_hidden: 16 }, loadNames())).steps.length;
    let frames = 0;
    for (let i = 0; i + 8 < gif.length; i++)
      if (gif[i] === 0x21 && gif[i + 1] === 0xf9 && gif[i + 2] === 0x04 && gif[i + 7] === 0x00 && gif[i + 8] === 0x2c)
        frames++;
    expect(frames).toBe(steps);
  });

  it('--help lists every option', () => {
    const r = cli('--help');
    expect(r.status).toBe(0);
    for (const flag of ['--format', '--page', '--scale', '--theme', '--step', '--out'])
      expect(r.stdout).toContain(flag);
  });

  it.each([
    [['--out', 'x.svg'], "missing required option '--format'"],
    [['--format', 'webp', '--out', 'x.webp'], '--format: expected svg, png, pdf or gif, got "webp"'],
    [['--format', 'png', '--page', 'letter', '--out', 'x.png'], '--page: expected strip, 16:9 or a4, got "letter"'],
    [['--format', 'gif', '--step', '3', '--out', 'x.gif'], '--step: a gif draws every step'],
    [['--format', 'svg', '--step', '0', '--out', 'x.svg'], '--step: expected 1..'],
    [['--format', 'png', '--scale', '3', '--out', 'x.png'], '--scale: expected 1, 2 or 4, got "3"'],
    [['--format', 'svg', '--scale', '2', '--out', 'x.svg'], '--scale applies to --format png and gif only'],
    [['--format', 'svg', '--theme', 'blue', '--out', 'x.svg'], '--theme: expected light or dark, got "blue"'],
    [['--format', 'svg', '--step', 'x', '--out', 'x.svg'], '--step: expected a step number, got "x"'],
    [['--format', 'svg', '--step', '999', '--out', 'x.svg'], '--step: expected 1..'],
    [['--format', 'svg', '--hidden', 'lots', '--out', 'x.svg'], '--hidden: n_hidden must be a whole number'],
    [['--format', 'svg', '--out', '/nonexistent-dir/x.svg'], 'cannot write /nonexistent-dir/x.svg'],
  ])('%j exits 2 with one line', (args, message) => {
    const r = cli(...args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message);
  });
});
