import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TENSOR_NAMES, PARAM_NAMES } from '../../core/mlp/names';

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
    const [w, h] = readFileSync(svgOut, 'utf8').match(/width="(\d+)" height="(\d+)"/)!.slice(1).map(Number);
    expect(pngSize(readFileSync(pngOut))).toEqual([w * scale, h * scale]);
  });

  it('marks a backprop step target', () => {
    const out = join(dir, 'step.svg');
    expect(cli('--format', 'svg', '--step', '0', '--out', out).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/class="node kind-tensor marked" data-id="loss"/);
  });

  it.each([
    [['--out', 'x.svg'], "missing required option '--format'"],
    [['--format', 'gif', '--out', 'x.gif'], '--format: expected svg or png, got "gif"'],
    [['--format', 'png', '--scale', '3', '--out', 'x.png'], '--scale: expected 1, 2 or 4, got "3"'],
    [['--format', 'svg', '--scale', '2', '--out', 'x.svg'], '--scale applies to --format png only'],
    [['--format', 'svg', '--theme', 'blue', '--out', 'x.svg'], '--theme: expected light or dark, got "blue"'],
    [['--format', 'svg', '--step', 'x', '--out', 'x.svg'], '--step: expected a step number, got "x"'],
    [['--format', 'svg', '--step', '999', '--out', 'x.svg'], '--step: expected 0..'],
    [['--format', 'svg', '--hidden', 'lots', '--out', 'x.svg'], '--hidden: n_hidden must be a whole number'],
    [['--format', 'svg', '--out', '/nonexistent-dir/x.svg'], 'cannot write /nonexistent-dir/x.svg'],
  ])('%j exits 2 with one line', (args, message) => {
    const r = cli(...args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message);
  });
});
