/**
 * `npm run docs:torch`: writes the README's torch table (core/notebook/torch-docs.ts) from the op registry and
 * the Python torch's own surface, run in Pyodide as the CLI runs notebooks.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadPythonNode } from '../cli/python-node';
import '../core/ops';
import { parseNotebook } from '../core/notebook/parse';
import { runNotebook } from '../core/notebook/run';
import { SURFACE_CODE, torchTable, withTable } from '../core/notebook/torch-docs';

const README = new URL('../README.md', import.meta.url);
const run = await runNotebook(
  await loadPythonNode(),
  parseNotebook('surface.py', new TextEncoder().encode(SURFACE_CODE)),
  { bundledNames: '', readFile: () => null },
);
if (run.error) throw new Error(`the surface snippet failed: ${run.error.type}: ${run.error.message}`);
const surface = JSON.parse(run.cells.map((c) => c.stdout).join('')) as Record<string, string[]>;
writeFileSync(README, withTable(readFileSync(README, 'utf8'), torchTable(surface)));
console.log('README.md: torch table written');
