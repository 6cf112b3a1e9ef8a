/** The one command table behind the menu, the toolbar and the keyboard. */
import { describe, expect, it } from 'vitest';
import { COMMAND_INFO, COMMANDS, isCommand, toAccelerator } from '../../src-common/commands';
import { parseCommand } from '../../src-common/ipc-contract';

describe('commands', () => {
  it('turns Mod into CmdOrCtrl for menu accelerators', () => {
    expect(toAccelerator('Mod+=')).toBe('CmdOrCtrl+=');
    expect(toAccelerator('F1')).toBe('F1');
  });

  it('accepts only known commands from the wire', () => {
    expect(isCommand('fit')).toBe(true);
    expect(parseCommand('rm -rf')).toBeNull();
    expect(parseCommand({ command: 'fit' })).toBeNull();
  });

  it('no two commands share a key', () => {
    const keys = COMMANDS.flatMap((c) => COMMAND_INFO[c].keys);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
