/**
 * Reading the learner's file: a Jupyter notebook (nbformat 4: code cells in order, markdown kept for
 * display) or a Python file (jupytext's percent format, `# %%` starts a cell; a plain script is one cell).
 * Anything else gets one clear error naming the file and what is wrong with it; nothing here throws
 * anything but NotebookError.
 */
import type { CellKind, Notebook, NotebookCell } from './types';

/** The largest file opened: beyond it, say so rather than stall the app on a file that is not a notebook. */
export const MAX_NOTEBOOK_BYTES = 32 * 1024 * 1024;

export class NotebookError extends Error {
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
    this.name = 'NotebookError';
  }
}

export function notebookFormat(path: string): 'ipynb' | 'py' | null {
  const lower = path.toLowerCase();
  return lower.endsWith('.ipynb') ? 'ipynb' : lower.endsWith('.py') ? 'py' : null;
}

/** Parses a file's bytes; the format comes from the name (.ipynb or .py). */
export function parseNotebook(path: string, bytes: Uint8Array): Notebook {
  const format = notebookFormat(path);
  if (format === null) throw new NotebookError(path, 'is neither a Jupyter notebook (.ipynb) nor a Python file (.py)');
  if (bytes.length > MAX_NOTEBOOK_BYTES) {
    throw new NotebookError(
      path,
      `is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; notebooks up to ${MAX_NOTEBOOK_BYTES / 1024 / 1024} MB are supported`,
    );
  }
  const text = decodeUtf8(path, bytes);
  return format === 'ipynb' ? parseIpynb(path, text) : parsePercent(path, text);
}

function decodeUtf8(path: string, bytes: Uint8Array): string {
  if (bytes.includes(0)) throw new NotebookError(path, 'is a binary file, not text');
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    const offset = firstInvalidUtf8(bytes);
    throw new NotebookError(
      path,
      `is not UTF-8 text (invalid byte 0x${bytes[offset]?.toString(16).padStart(2, '0')} at offset ${offset})`,
    );
  }
}

/**
 * Where the first byte sequence that is not UTF-8 starts (a cp1252 `é` is 0xe9: the offset of that lead
 * byte, not of the byte after it that gives it away). One pass: a 440 KB file is checked in milliseconds.
 * The rules are the decoder's (WHATWG): no overlong forms, no surrogates, nothing above U+10FFFF.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    // The second byte's range is narrower for some leads: that is what rules out overlongs and surrogates.
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}

function parseIpynb(path: string, text: string): Notebook {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new NotebookError(path, `is not valid JSON (${why}); is the notebook truncated?`);
  }
  if (!isObject(doc)) throw new NotebookError(path, 'is JSON but not a notebook (expected an object with "cells")');
  if (doc.nbformat !== 4) {
    const v = doc.nbformat === undefined ? 'no nbformat field' : `nbformat ${JSON.stringify(doc.nbformat)}`;
    throw new NotebookError(
      path,
      `has ${v}; only nbformat 4 notebooks are supported (open it in Jupyter and save it to upgrade)`,
    );
  }
  if (!Array.isArray(doc.cells)) throw new NotebookError(path, 'has no "cells" list');
  const cells: NotebookCell[] = [];
  doc.cells.forEach((raw, i) => {
    if (!isObject(raw)) throw new NotebookError(path, `cell ${i + 1} is ${describe(raw)}, not a cell object`);
    const type = raw.cell_type;
    if (type !== 'code' && type !== 'markdown' && type !== 'raw') {
      throw new NotebookError(
        path,
        `cell ${i + 1} has cell_type ${JSON.stringify(type)} (expected "code", "markdown" or "raw")`,
      );
    }
    const source = cellSource(path, i, raw.source);
    if (type !== 'raw') cells.push({ index: cells.length, kind: type as CellKind, source, firstLine: 1 });
  });
  return { path, format: 'ipynb', cells };
}

function cellSource(path: string, i: number, source: unknown): string {
  if (typeof source === 'string') return source;
  if (Array.isArray(source) && source.every((s) => typeof s === 'string')) return source.join('');
  throw new NotebookError(
    path,
    `cell ${i + 1} has a source that is ${describe(source)} (expected text or a list of lines)`,
  );
}

const CELL_MARKER = /^# %%(.*)$/;

function parsePercent(path: string, text: string): Notebook {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const cells: NotebookCell[] = [];
  let start = 0;
  let kind: CellKind = 'code';
  const flush = (end: number) => {
    const body = lines.slice(start, end);
    if (body.every((l) => l.trim() === '')) return;
    cells.push({
      index: cells.length,
      kind,
      source: kind === 'markdown' ? unComment(body) : body.join('\n'),
      firstLine: start + 1,
    });
  };
  lines.forEach((line, i) => {
    const m = CELL_MARKER.exec(line);
    if (!m) return;
    flush(i);
    // The marker line itself is a comment; the cell's code starts on the next line, at its file line.
    start = i + 1;
    kind = /\[markdown\]/.test(m[1]) ? 'markdown' : 'code';
  });
  flush(lines.length);
  return { path, format: 'py', cells };
}

function unComment(lines: string[]): string {
  return lines.map((l) => l.replace(/^# ?/, '')).join('\n');
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'a list';
  if (typeof x === 'string') return 'a string';
  return `a ${typeof x}`;
}
