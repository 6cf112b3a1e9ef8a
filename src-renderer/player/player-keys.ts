/**
 * The player's keys in the graph view: Space plays and pauses, ← and → step, Home and End go to the ends,
 * [ and ] change the speed. Shift with an arrow pans the graph instead (plain ↑ and ↓ still pan).
 */
export type PlayerAction = 'toggle' | 'prev' | 'next' | 'restart' | 'end' | 'slower' | 'faster';

export interface PlayerKeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

const KEYS: ReadonlyMap<string, PlayerAction> = new Map(
  Object.entries({
    ' ': 'toggle',
    ArrowLeft: 'prev',
    ArrowRight: 'next',
    Home: 'restart',
    End: 'end',
    '[': 'slower',
    ']': 'faster',
  } satisfies Record<string, PlayerAction>),
);

export function playerActionForKey(press: PlayerKeyPress): PlayerAction | null {
  if (press.ctrlKey || press.metaKey || press.altKey || press.shiftKey) return null;
  return KEYS.get(press.key) ?? null;
}

/** For Help → Keyboard shortcuts. */
export const PLAYER_SHORTCUTS: { label: string; keys: string[] }[] = [
  { label: 'Backprop: play / pause', keys: ['Space'] },
  { label: 'Backprop: step back / forward', keys: ['←', '→'] },
  { label: 'Backprop: back to the start / to the leaves', keys: ['Home', 'End'] },
  { label: 'Backprop: slower / faster', keys: ['[', ']'] },
];
