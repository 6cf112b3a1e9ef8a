/**
 * The app's commands: what the menu sends, the in-app toolbar runs and the keyboard triggers. One table, so
 * the menu's accelerators, the renderer's key handling and the Help → Keyboard shortcuts list agree.
 * Keys use `Mod` for Cmd on macOS and Ctrl elsewhere; the first combo is the menu's accelerator.
 */

export const COMMANDS = ['export', 'zoom-in', 'zoom-out', 'fit', 'find', 'toggle-theme', 'toggle-groups', 'about', 'shortcuts'] as const;
export type Command = (typeof COMMANDS)[number];

export interface CommandInfo {
  label: string;
  keys: string[];
}

export const COMMAND_INFO: Record<Command, CommandInfo> = {
  export: { label: 'Export…', keys: ['Mod+E'] },
  'zoom-in': { label: 'Zoom in', keys: ['Mod+=', '=', '+'] },
  'zoom-out': { label: 'Zoom out', keys: ['Mod+-', '-'] },
  fit: { label: 'Fit to window', keys: ['Mod+0', '0'] },
  find: { label: 'Find node…', keys: ['Mod+F', '/'] },
  'toggle-theme': { label: 'Toggle theme', keys: ['Mod+Shift+L', 't'] },
  'toggle-groups': { label: 'Expand / collapse all statements', keys: ['x'] },
  about: { label: 'About Backprop Studio', keys: [] },
  shortcuts: { label: 'Keyboard shortcuts', keys: ['F1', '?'] },
};

export function isCommand(value: unknown): value is Command {
  return typeof value === 'string' && (COMMANDS as readonly string[]).includes(value);
}

/** `Mod+=` → Electron's `CmdOrCtrl+=`. */
export function toAccelerator(combo: string): string {
  return combo.replace(/^Mod\+/, 'CmdOrCtrl+');
}
