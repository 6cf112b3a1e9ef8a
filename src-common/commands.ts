/**
 * The app's commands: what the menu sends, the in-app toolbar runs and the keyboard triggers. One table, so
 * the menu's accelerators, the renderer's key handling and the Help → Keyboard shortcuts list agree.
 * Keys use `Mod` for Cmd on macOS and Ctrl elsewhere; the first combo is the menu's accelerator.
 */

export const COMMANDS = [
  'open-notebook',
  'open-sample',
  'close-notebook',
  'stop-run',
  'start-exercise',
  'save-notebook',
  'save-notebook-as',
  'export',
  'zoom-in',
  'zoom-out',
  'fit',
  'find',
  'toggle-theme',
  'toggle-groups',
  'player-toggle',
  'player-prev',
  'player-next',
  'player-restart',
  'player-end',
  'about',
  'shortcuts',
] as const;
export type Command = (typeof COMMANDS)[number];

export interface CommandInfo {
  label: string;
  keys: string[];
  /**
   * A key the menu shows without the page's command table handling it: the backprop player's keys belong to
   * the graph view alone (Space pauses training in the Train view), so the page routes them itself.
   */
  menuHint?: string;
}

export const COMMAND_INFO: Record<Command, CommandInfo> = {
  'open-notebook': { label: 'Open notebook…', keys: ['Mod+O'] },
  'open-sample': { label: 'Open sample notebook', keys: [] },
  'close-notebook': { label: 'Back to the built-in lecture', keys: [] },
  // Escape is the page's (it also closes the find box): the page stops a run with it first.
  'stop-run': { label: 'Stop the run', keys: [], menuHint: 'Esc' },
  'start-exercise': { label: 'Start the exercise', keys: [] },
  'save-notebook': { label: 'Save notebook', keys: ['Mod+S'] },
  'save-notebook-as': { label: 'Save notebook as…', keys: ['Mod+Shift+S'] },
  export: { label: 'Export…', keys: ['Mod+E'] },
  'zoom-in': { label: 'Zoom in', keys: ['Mod+=', '=', '+'] },
  'zoom-out': { label: 'Zoom out', keys: ['Mod+-', '-'] },
  fit: { label: 'Fit to window', keys: ['Mod+0', '0'] },
  find: { label: 'Find node…', keys: ['Mod+F', '/'] },
  'toggle-theme': { label: 'Toggle theme', keys: ['Mod+Shift+L', 't'] },
  'toggle-groups': { label: 'Expand / collapse all statements', keys: ['x'] },
  'player-toggle': { label: 'Play / pause backprop', keys: [], menuHint: 'Space' },
  'player-prev': { label: 'Step back', keys: [], menuHint: 'Left' },
  'player-next': { label: 'Step forward', keys: [], menuHint: 'Right' },
  'player-restart': { label: 'Back to loss', keys: [], menuHint: 'Home' },
  'player-end': { label: 'To the leaves', keys: [], menuHint: 'End' },
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
