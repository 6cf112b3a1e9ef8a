/**
 * The command line: `backprop-studio <command> [options]`. Bad arguments print one line and exit 2;
 * anything else that goes wrong prints one line and exits 1.
 */
import { RunFailed, UsageError } from './args';

interface Command {
  run: (argv: readonly string[]) => void | Promise<void>;
  usage: string;
}

// Each command's module loads only when it runs: `train` then skips the recorder, the exporters and resvg.
const COMMANDS: Record<string, () => Promise<Command>> = {
  dump: async () => import('./dump').then((m) => ({ run: m.dumpCommand, usage: m.DUMP_USAGE })),
  export: async () => import('./export').then((m) => ({ run: m.exportCommand, usage: m.EXPORT_USAGE })),
  run: async () => import('./run').then((m) => ({ run: m.runCommand, usage: m.RUN_USAGE })),
  train: async () => import('./train').then((m) => ({ run: m.trainCommand, usage: m.TRAIN_USAGE })),
};

async function usage(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  return [
    'usage:',
    ...commands.map((c) => `  ${c.usage}`),
    '',
    "backprop-studio <command> --help shows a command's options.",
  ].join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    console.log(await usage());
    return command === undefined ? 2 : 0;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (load && (rest.includes('--help') || rest.includes('-h'))) {
    const { HELP } = await import('./help');
    console.log(HELP[command] ?? (await load()).usage);
    return 0;
  }
  try {
    if (!load) throw new UsageError(`unknown command '${command}' (commands: ${Object.keys(COMMANDS).join(', ')})`);
    await (await load()).run(rest);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`backprop-studio: ${e.message}`);
      return 2;
    }
    if (e instanceof RunFailed && e.raw) {
      if (e.message) console.error(e.message);
      return e.status;
    }
    console.error(`backprop-studio: ${(e as Error).message}`);
    return 1;
  }
}
