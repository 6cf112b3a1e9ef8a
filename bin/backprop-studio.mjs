#!/usr/bin/env node
// The `backprop-studio` command: runs the TypeScript CLI with no build step (see load-ts.mjs).
import { importTs } from './load-ts.mjs';

const { main } = await importTs('cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
