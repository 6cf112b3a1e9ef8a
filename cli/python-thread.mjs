// The thread `backprop-studio run` runs Python in (cli/run-thread.ts), loaded through tsx as the CLI itself is:
// Python runs off the main thread, so Ctrl+C reaches the main thread while a cell runs.
import { register } from 'tsx/esm/api';

register();
await import('./run-thread.ts');
