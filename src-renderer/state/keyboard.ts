/** Turns a key press into a command, using the one shortcut table in src-common/commands.ts. */
import { COMMAND_INFO, COMMANDS, type Command } from '../../src-common/commands';

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** Does `combo` (`Mod+=`, `t`, `F1`, `Mod+Shift+L`) describe this key press? */
function matchesCombo(combo: string, press: KeyPress, mac: boolean): boolean {
  const parts = combo.split('+');
  // `+` itself is a key: `Mod++` never appears, a bare `+` does.
  const key = combo.endsWith('++') || combo === '+' ? '+' : parts[parts.length - 1];
  const mods = new Set(combo === '+' ? [] : parts.slice(0, -1));
  const mod = mac ? press.metaKey : press.ctrlKey;
  const other = mac ? press.ctrlKey : press.metaKey;
  if (mods.has('Mod') !== mod || other || press.altKey) return false;
  // Shift is implied by characters such as `?` and `+`; only enforce it for letter and named keys.
  if (mods.has('Shift') && !press.shiftKey) return false;
  const wantsLetter = /^[A-Za-z]$/.test(key);
  if (wantsLetter) {
    if (!mods.has('Shift') && press.shiftKey) return false;
    return press.key.toLowerCase() === key.toLowerCase();
  }
  return press.key === key;
}

export function commandForKey(press: KeyPress, mac: boolean): Command | null {
  for (const command of COMMANDS) {
    if (COMMAND_INFO[command].keys.some((combo) => matchesCombo(combo, press, mac))) return command;
  }
  return null;
}

/** How a combo reads in the shortcuts list. */
export function describeCombo(combo: string, mac: boolean): string {
  if (combo === '+') return '+';
  return combo.replace(/^Mod\+/, mac ? '⌘ ' : 'Ctrl + ').replace(/Shift\+/, mac ? '⇧ ' : 'Shift + ');
}
