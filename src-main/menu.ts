/**
 * The application menu as a template: File (Open notebook…, Open Recent, Open sample, Save, Save As…, Export…, Quit), View (zoom, fit, find, theme), Backprop (the
 * step player), Help (About, Keyboard shortcuts). Items send commands to the page, which owns the behaviour; accelerators are shown
 * but the page's own key handling runs them, so menu and keyboard never both fire.
 */
import { COMMAND_INFO, toAccelerator, type Command } from '../src-common/commands';

/** The subset of Electron's MenuItemConstructorOptions used here. */
export interface MenuItemTemplate {
  label?: string;
  role?: 'quit' | 'appMenu' | 'toggleDevTools' | 'about';
  type?: 'separator';
  accelerator?: string;
  enabled?: boolean;
  registerAccelerator?: boolean;
  click?: () => void;
  submenu?: MenuItemTemplate[];
}

export interface MenuOptions {
  mac: boolean;
  devTools: boolean;
  /** File → Open Recent's paths, newest first, and what choosing one does. */
  recent?: { paths: readonly string[]; open(path: string): void };
}

export function menuTemplate(send: (command: Command) => void, options: MenuOptions): MenuItemTemplate[] {
  const item = (command: Command): MenuItemTemplate => {
    const { label, keys, menuHint } = COMMAND_INFO[command];
    const shown = keys[0] ? toAccelerator(keys[0]) : menuHint;
    return {
      label,
      ...(shown ? { accelerator: shown, registerAccelerator: false } : {}),
      click: () => send(command),
    };
  };
  const separator: MenuItemTemplate = { type: 'separator' };
  const recent = options.recent?.paths ?? [];
  const openRecent: MenuItemTemplate = {
    label: 'Open Recent',
    submenu: recent.length
      ? recent.map((path) => ({ label: path, click: () => options.recent?.open(path) }))
      : [{ label: 'No recent notebooks', enabled: false }],
  };
  const view = [
    item('zoom-in'),
    item('zoom-out'),
    item('fit'),
    separator,
    item('find'),
    item('toggle-groups'),
    separator,
    item('toggle-theme'),
  ];
  if (options.devTools) view.push(separator, { role: 'toggleDevTools' });
  return [
    ...(options.mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        item('open-notebook'),
        openRecent,
        item('open-sample'),
        item('close-notebook'),
        item('stop-run'),
        separator,
        item('save-notebook'),
        item('save-notebook-as'),
        separator,
        item('start-exercise'),
        separator,
        item('export'),
        separator,
        { label: 'Quit', role: 'quit', accelerator: 'CmdOrCtrl+Q' },
      ],
    },
    { label: 'View', submenu: view },
    {
      label: 'Backprop',
      submenu: [
        item('player-toggle'),
        separator,
        item('player-prev'),
        item('player-next'),
        separator,
        item('player-restart'),
        item('player-end'),
      ],
    },
    { label: 'Help', submenu: [item('about'), item('shortcuts')] },
  ];
}
