/** Hints are revealed one level per click, per step, up to four, and forgotten when the exercise closes. */
import { describe, expect, it } from 'vitest';
import { HintReveal } from '../../../src-renderer/player/hint-reveal.svelte';

describe('HintReveal', () => {
  it('reveals one level at a time, per step, and stops at four', () => {
    const r = new HintReveal();
    expect(r.shown('counts')).toBe(0);
    expect(r.reveal('counts')).toBe(1);
    expect(r.reveal('counts')).toBe(2);
    expect(r.shown('probs')).toBe(0);
    expect(r.reveal('probs')).toBe(1);
    for (let i = 0; i < 5; i++) r.reveal('counts');
    expect(r.shown('counts')).toBe(4);
    expect(r.shown('probs')).toBe(1);
  });

  it('forgets every step on reset, and is not fooled by inherited names', () => {
    const r = new HintReveal();
    r.reveal('W1');
    r.reset();
    expect(r.shown('W1')).toBe(0);
    expect(r.shown('constructor')).toBe(0);
    expect(r.reveal('toString')).toBe(1);
  });
});
