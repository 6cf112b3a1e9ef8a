// The thread `backprop-studio run` runs Python in (cli/run-thread.ts), loaded as the CLI itself is
// (bin/load-ts.mjs): Python runs off the main thread, so Ctrl+C reaches the main thread while a cell runs.
import { importTs } from '../bin/load-ts.mjs';

await importTs('cli/run-thread.ts');
