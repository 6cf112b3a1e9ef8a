import { describe, expect, it } from 'vitest';
import { menuTarget } from '../../../src-renderer/components/menu-nav';

const LABELS = ['Open notebook…', 'Open sample', 'Start the exercise', 'Export image…', 'Keyboard shortcuts', 'About'];

describe('menuTarget (WAI-ARIA menu keys)', () => {
  it.each([
    ['ArrowDown', 0, 1],
    ['ArrowDown', 5, 0],
    ['ArrowUp', 0, 5],
    ['ArrowUp', 3, 2],
    ['Home', 4, 0],
    ['End', 1, 5],
    ['s', 0, 2],
    ['K', 0, 4],
    ['o', 0, 1],
    ['o', 1, 0],
    ['a', 5, 5],
  ])('%s from item %i focuses item %i', (key, from, to) => {
    expect(menuTarget(key, from, LABELS)).toBe(to);
  });

  it.each([' ', 'Enter', 'Tab', 'x', 'Shift'])('leaves %j alone', (key) => {
    expect(menuTarget(key, 0, LABELS)).toBeNull();
  });

  it('has nothing to move to in an empty menu', () => {
    expect(menuTarget('ArrowDown', 0, [])).toBeNull();
  });
});
