/** `backprop-studio dump`: runs the lecture for a config and writes the dump JSON (see core/mlp/dump-types.ts). */
import { loadNames } from './load-names';
import { runLecture } from '../core/mlp/run';
import { parseFlags } from './args';
import { CONFIG_FLAGS, configFromFlags } from './config-flags';
import { writeOutputAtomic } from './output-file';

export const DUMP_USAGE =
  'backprop-studio dump [--seed S] [--embd E] [--hidden H] [--block B] [--batch N] [--variant atomic|fused-ce|fused-bn|fused] --out FILE.json';

export function dumpCommand(argv: readonly string[]): void {
  const flags = parseFlags(argv, { values: [...Object.keys(CONFIG_FLAGS), 'out'], required: ['out'] });
  const config = configFromFlags(flags);
  const dump = runLecture(config, loadNames());
  writeOutputAtomic(flags.out, JSON.stringify(dump));
  console.log(`wrote ${flags.out} (loss ${dump.loss})`);
}
