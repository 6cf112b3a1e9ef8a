import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PARAM_NAMES, TENSOR_NAMES } from '../../core/mlp/names';

const BIN = join(__dirname, '..', '..', 'bin', 'backprop-studio.mjs');
const dir = mkdtempSync(join(tmpdir(), 'bps-cli-'));
const cli = (...args: string[]) => spawnSync('node', [BIN, ...args], { encoding: 'utf8' });

describe('backprop-studio dump', () => {
  it('writes exactly the documented layout', () => {
    const out = join(dir, 'run.json');
    execFileSync('node', [
      BIN,
      'dump',
      '--seed',
      '42',
      '--embd',
      '4',
      '--hidden',
      '16',
      '--block',
      '3',
      '--batch',
      '8',
      '--variant',
      'fused',
      '--out',
      out,
    ]);
    const d = JSON.parse(readFileSync(out, 'utf8'));
    expect(Object.keys(d)).toEqual(['config', 'dataset', 'params', 'batch', 'loss', 'tensors', 'graph']);
    expect(d.config).toEqual({ seed: 42, n_embd: 4, n_hidden: 16, block_size: 3, batch_size: 8, variant: 'fused' });
    expect(Object.keys(d.dataset)).toEqual(['train', 'dev', 'test', 'first_words']);
    expect(Object.keys(d.params)).toEqual([...PARAM_NAMES]);
    expect(Object.keys(d.tensors)).toEqual([...TENSOR_NAMES]);
    expect(Object.keys(d.batch)).toEqual(['ix', 'Xb', 'Yb']);
    for (const t of [...Object.values(d.params), ...Object.values(d.tensors)] as Record<string, unknown>[]) {
      expect(Object.keys(t)).toEqual(['shape', 'data', 'grad', 'manual_grad', 'exact', 'approx', 'maxdiff']);
      expect((t.data as number[]).length).toBe((t.shape as number[]).reduce((a, b) => a * b, 1));
    }
    expect(d.params.W1.shape).toEqual([12, 16]);
    expect(d.tensors.bnmeani.manual_grad).toBeNull(); // fused batchnorm skips it
    expect(d.tensors.hprebn.approx).toBe(true);
    // Same seeds as the PyTorch fixture → the same loss.
    const torch = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'mlp', 'tiny_fused.json'), 'utf8'));
    expect(Math.abs(d.loss - torch.loss)).toBeLessThan(1e-5 * torch.loss);
    expect(d.graph.output).toBe('loss');
  });

  it.each([
    [['dump', '--out'], "option '--out' needs a value"],
    [['dump', '--hidden', '64'], "missing required option '--out'"],
    [['dump', '--hidden', 'lots', '--out', 'x.json'], '--hidden: n_hidden must be a whole number, got "lots"'],
    [['dump', '--batch', '1', '--out', 'x.json'], '--batch: batch_size must be between 2 and 1024, got 1'],
    [['dump', '--variant', 'fast', '--out', 'x.json'], 'variant must be one of atomic, fused-ce, fused-bn, fused'],
    [['dump', '--colour', 'red', '--out', 'x.json'], "unknown option '--colour'"],
    [['dump', '--hidden=', '--out', 'x.json'], "option '--hidden' needs a value"],
    [['dump', '--variant', '', '--out', 'x.json'], "option '--variant' needs a value"],
    [['dump', '--out', ''], "option '--out' needs a value"],
    [['train', '--steps', ''], "option '--steps' needs a value"],
    [['train', '--steps', ' '], "option '--steps' needs a value"],
    [['train', '--hidden', '2048'], '--hidden: n_hidden must be between 1 and 1024, got 2048'],
    [
      ['dump', '--out', '/no/such/dir/x.json'],
      'cannot write /no/such/dir/x.json: directory /no/such/dir does not exist',
    ],
    [['frobnicate'], "unknown command 'frobnicate'"],
  ])('%j → exit 2 with one line', (args, message) => {
    const r = cli(...args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message);
  });
});

describe('backprop-studio train', () => {
  it('prints progress like the lecture, split losses, samples, and writes the run', () => {
    const out = join(dir, 'train.json');
    const r = cli('train', '--steps', '300', '--hidden', '32', '--check-every', '100', '--out', out);
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ {6}0\/ {4}300: \d\.\d{4}$/);
    expect(lines[1]).toMatch(/^train \d\.\d{4}$/);
    expect(lines[2]).toMatch(/^val \d\.\d{4}$/);
    expect(lines[3]).toMatch(/^test \d\.\d{4}$/);
    expect(lines.slice(4)).toHaveLength(20);
    expect(r.stderr).not.toContain('warning');
    const saved = JSON.parse(readFileSync(out, 'utf8'));
    expect(Object.keys(saved)).toEqual(['config', 'params', 'batchnorm', 'losses', 'samples', 'lossi', 'checks']);
    expect(saved.config.n_hidden).toBe(32);
    expect(saved.lossi).toHaveLength(300);
    expect(saved.batchnorm.bnmean).toHaveLength(32);
    expect(saved.losses.train).toBeCloseTo(Number(lines[1].split(' ')[1]), 4);
  });

  it('refuses bad arguments before training', () => {
    const r = cli('train', '--steps', '-5');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--steps: steps must be between 1 and 10000000, got -5');
    expect(r.stdout).toBe('');
  });
});
