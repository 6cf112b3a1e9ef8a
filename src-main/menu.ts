/**
 * The application menu as a template: File (Export…, Quit), View (zoom, fit, find, theme), Backprop (the
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
  registerAccelerator?: boolean;
  click?: () => void;
  submenu?: MenuItemTemplate[];
}

export function menuTemplate(send: (command: Command) => void, options: { mac: boolean; devTools: boolean }): MenuItemTemplate[] {
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
  const view = [item('zoom-in'), item('zoom-out'), item('fit'), separator, item('find'), item('toggle-groups'), separator, item('toggle-theme')];
  if (options.devTools) view.push(separator, { role: 'toggleDevTools' });
  return [
    ...(options.mac ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [item('export'), separator, { label: 'Quit', role: 'quit', accelerator: 'CmdOrCtrl+Q' }] },
    { label: 'View', submenu: view },
    {
      label: 'Backprop',
      submenu: [item('player-toggle'), separator, item('player-prev'), item('player-next'), separator, item('player-restart'), item('player-end')],
    },
    { label: 'Help', submenu: [item('about'), item('shortcuts')] },
  ];
}
