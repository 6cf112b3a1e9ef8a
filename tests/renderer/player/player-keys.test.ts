/** The backprop player's keyboard map (src-renderer/player/player-keys.ts). */
import { describe, expect, it } from 'vitest';
import { PLAYER_SHORTCUTS, playerActionForKey, type PlayerKeyPress } from '../../../src-renderer/player/player-keys';

const press = (key: string, mods: Partial<Omit<PlayerKeyPress, 'key'>> = {}): PlayerKeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

const MAP = [
  [' ', 'toggle'],
  ['ArrowLeft', 'prev'],
  ['ArrowRight', 'next'],
  ['Home', 'restart'],
  ['End', 'end'],
  ['[', 'slower'],
  [']', 'faster'],
] as const;

describe('playerActionForKey', () => {
  it.each(MAP)('%j → %s', (key, action) => {
    expect(playerActionForKey(press(key))).toBe(action);
  });

  it('every key maps to a different action', () => {
    expect(new Set(MAP.map(([key]) => playerActionForKey(press(key)))).size).toBe(MAP.length);
  });

  it.each(['shiftKey', 'ctrlKey', 'metaKey', 'altKey'] as const)("with %s held, no key is the player's", (mod) => {
    for (const [key] of MAP) expect(playerActionForKey(press(key, { [mod]: true })), key).toBeNull();
  });

  it('keys named like built-in object properties are not player keys', () => {
    for (const key of ['toString', 'constructor', '__proto__', 'hasOwnProperty'])
      expect(playerActionForKey(press(key))).toBeNull();
  });

  it('with every modifier held, nothing', () => {
    expect(playerActionForKey(press(' ', { shiftKey: true, ctrlKey: true, metaKey: true, altKey: true }))).toBeNull();
  });

  it.each(['ArrowUp', 'ArrowDown', 'Enter', 'Escape', 'a', 'Space', 'Spacebar', '{', '}', 'PageUp', '', 'arrowleft'])(
    '%j is not a player key',
    (key) => {
      expect(playerActionForKey(press(key))).toBeNull();
    },
  );
});

describe('PLAYER_SHORTCUTS', () => {
  it('lists the keys the map uses', () => {
    const keys = PLAYER_SHORTCUTS.flatMap((s) => s.keys);
    for (const k of ['Space', '←', '→', 'Home', 'End', '[', ']']) expect(keys).toContain(k);
  });
});
