/**
 * The command line: `backprop-studio <command> [options]`. Bad arguments print one line and exit 2;
 * anything else that goes wrong prints one line and exits 1.
 */
import { UsageError } from './args';
import { dumpCommand, DUMP_USAGE } from './dump';
import { exportCommand, EXPORT_USAGE } from './export';
import { RunFailed, runCommand, RUN_USAGE } from './run';
import { trainCommand, TRAIN_USAGE } from './train';
import { HELP } from './help';

const COMMANDS: Record<string, { run: (argv: readonly string[]) => void | Promise<void>; usage: string }> = {
  dump: { run: dumpCommand, usage: DUMP_USAGE },
  export: { run: exportCommand, usage: EXPORT_USAGE },
  run: { run: runCommand, usage: RUN_USAGE },
  train: { run: trainCommand, usage: TRAIN_USAGE },
};

function usage(): string {
  return ['usage:', ...Object.values(COMMANDS).map((c) => `  ${c.usage}`), '', 'backprop-studio <command> --help shows a command\'s options.'].join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    console.log(usage());
    return command === undefined ? 2 : 0;
  }
  const cmd = COMMANDS[command];
  if (cmd && (rest.includes('--help') || rest.includes('-h'))) {
    console.log(HELP[command] ?? cmd.usage);
    return 0;
  }
  try {
    if (!cmd) throw new UsageError(`unknown command '${command}' (commands: ${Object.keys(COMMANDS).join(', ')})`);
    await cmd.run(rest);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`backprop-studio: ${e.message}`);
      return 2;
    }
    if (e instanceof RunFailed && e.raw) {
      console.error(e.message);
      return 1;
    }
    console.error(`backprop-studio: ${(e as Error).message}`);
    return 1;
  }
}

