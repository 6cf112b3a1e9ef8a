/** `backprop-studio dump`: runs the lecture for a config and writes the dump JSON (see core/mlp/dump-types.ts). */
import { loadNames } from './load-names';
import { runLecture } from '../core/mlp/run';
import { parseFlags } from './args';
import { jsonChunks } from '../src-node/json-chunks';
import { writeFileAtomic } from '../src-node/write-atomic';
import { configFromFlags, flagsOf, MLP_FIELDS } from './config-flags';
import { checkOutputPath } from './output-file';

export const DUMP_USAGE =
  'backprop-studio dump [--seed S] [--embd E] [--hidden H] [--block B] [--batch N] [--variant atomic|fused-ce|fused-bn|fused] --out FILE.json';

export function dumpCommand(argv: readonly string[]): void {
  const flags = parseFlags(argv, { values: [...flagsOf(MLP_FIELDS), 'out'], required: ['out'] });
  const config = configFromFlags(flags);
  checkOutputPath(flags.out);
  const dump = runLecture(config, loadNames());
  // Streamed: the biggest configs' JSON is longer than any one string can be.
  writeFileAtomic(flags.out, jsonChunks(dump));
  console.log(`wrote ${flags.out} (loss ${dump.loss})`);
}
