/** Progress numbers and the Train view's shortcuts, table-driven. */
import { describe, expect, it } from 'vitest';
import { etaSeconds, formatCount, formatDuration, fractionDone } from '../../../src-renderer/train/progress';
import { trainActionForKey } from '../../../src-renderer/train/train-keys';

describe('progress', () => {
  it.each([
    [0, 100, 0],
    [50, 100, 0.5],
    [150, 100, 1],
    [5, 0, 0],
  ])('fractionDone(%i, %i) = %f', (step, steps, f) => expect(fractionDone(step, steps)).toBe(f));

  it.each([
    [0, 3000, 0, null],
    [1000, 3000, 500, 4],
    [3000, 3000, 500, 0],
    [10, 20, NaN, null],
  ])('etaSeconds(%i, %i, %f) = %s', (step, steps, rate, eta) => expect(etaSeconds(step, steps, rate)).toBe(eta));

  it.each([
    [null, '—'],
    [Infinity, '—'],
    [0, '0:00'],
    [6.2, '0:07'],
    [125, '2:05'],
    [3723, '1:02:03'],
  ])('formatDuration(%s) = %s', (s, text) => expect(formatDuration(s)).toBe(text));

  it('formats counts with separators', () => expect(formatCount(200000)).toBe('200,000'));
});

describe('train shortcuts', () => {
  const press = (
    key: string,
    mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; inField: boolean }> = {},
  ) => ({
    key,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    inField: false,
    ...mods,
  });
  it.each([
    [press('Enter', { ctrlKey: true }), false, 'start'],
    [press('Enter', { metaKey: true }), true, 'start'],
    [press('Enter', { ctrlKey: true }), true, null],
    [press(' '), false, 'pause'],
    [press('p'), false, 'pause'],
    [press('P'), false, 'pause'],
    [press('p', { inField: true }), false, null],
    [press(' ', { inField: true }), false, null],
    [press('.', { ctrlKey: true }), false, 'stop'],
    [press('.', { ctrlKey: true, inField: true }), false, 'stop'],
    [press('.', { ctrlKey: true, altKey: true }), false, null],
    [press('t'), false, null],
  ])('%o (mac %s) → %s', (p, mac, action) => expect(trainActionForKey(p, mac)).toBe(action));
});
