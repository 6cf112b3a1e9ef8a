/**
 * A notebook cell as the code panel lists it: each line with the number the run's errors and checks use
 * (the file's line for .py, the cell's for .ipynb), the graph statement it recorded (for hover links both
 * ways), the checks made on it and the exception raised there, with Python's traceback where the exception
 * came through frames other than that line's (a function from an earlier cell, a recursion).
 */
import type { Graph } from '../../core/graph/types';
import type { CellResult, Check, PythonError } from '../../core/notebook/types';

export interface CellLine {
  number: number;
  text: string;
  /** Index into graph.source of the statement this line recorded, if any. */
  statement: number | null;
  checks: Check[];
  error: PythonError | null;
  /** The traceback as Python prints it, when it has more frames than this line's own; else null. */
  traceback: string | null;
}

/** Where each (cell, line) statement of the graph is in graph.source. */
export function statementIndex(graph: Graph | null): Map<string, number> {
  const out = new Map<string, number>();
  for (const n of graph?.nodes ?? []) if (n.loc && n.line !== null) out.set(`${n.loc.cell}:${n.loc.line}`, n.line);
  return out;
}

/** `error` is the run's (a .py file's SyntaxError belongs to no cell that ran, so cells don't carry it). */
export function cellLines(
  cell: CellResult,
  firstLine: number,
  statements: Map<string, number>,
  checks: readonly Check[],
  error: PythonError | null,
): CellLine[] {
  const lines = cell.source.replace(/\n$/, '').split('\n');
  return lines.map((text, i) => {
    const number = firstLine + i;
    const here = error && error.cell === cell.index && error.line === number ? error : null;
    return {
      number,
      text,
      statement: statements.get(`${cell.index}:${number}`) ?? null,
      checks: checks.filter((c) => c.cell === cell.index && c.line === number),
      error: here,
      traceback: here && frameCount(here.traceback) > 1 ? here.traceback : null,
    };
  });
}

/** The frames in a traceback as Python prints it (`  File "<cell 1>", line 3, in f`). */
const frameCount = (traceback: string) => traceback.split('\n').filter((l) => l.startsWith('  File ')).length;
