/**
 * Writing the learner's edits back into their file: only the edited cells' source changes, every other byte
 * stays as it was, so a diff of the saved file shows the cells' lines and nothing else.
 * - .ipynb: the file's text is spliced where each edited cell's `"source"` value sits (found by a small
 *   scanner over the JSON), so key order, outputs, metadata, numbers as written, escapes, indentation and the
 *   final newline are untouched. The new source is a list of lines as Jupyter writes it, indented like the file.
 * - .py (percent format): the cell's lines between its `# %%` markers are replaced; the marker lines, the blank
 *   lines that separate cells and every line ending (CRLF too) stay.
 * An edit whose cell is the number of cells appends a new code cell (a notebook with no backward cell yet).
 * Pure: bytes in, bytes out; anything wrong is a NotebookError naming the file and the problem.
 */
import { NotebookError, notebookFormat, parseNotebook } from './parse';
import type { Notebook } from './types';
import { cellText } from './coords';

export interface CellEdit {
  /** NotebookCell.index (parse.ts), or the number of cells to append a new code cell. */
  cell: number;
  source: string;
}

const BOM = '\ufeff';
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The file with the edited cells' sources replaced (see the file's header). */
export function replaceCellSources(bytes: Uint8Array, name: string, edits: readonly CellEdit[]): Uint8Array {
  const notebook = parseNotebook(name, bytes);
  checkEdits(name, notebook, edits);
  if (edits.length === 0) return bytes.slice();
  let text = new TextDecoder('utf-8').decode(bytes);
  // TextDecoder drops a leading BOM; a file that had one keeps it.
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? BOM : '';
  if (text.startsWith(BOM)) text = text.slice(1);
  const out = notebookFormat(name) === 'ipynb' ? spliceIpynb(text, edits) : splicePercent(name, text, notebook, edits);
  return new TextEncoder().encode(bom + out);
}

function checkEdits(name: string, notebook: Notebook, edits: readonly CellEdit[]): void {
  const n = notebook.cells.length;
  const seen = new Set<number>();
  for (const { cell, source } of edits) {
    if (!Number.isInteger(cell) || cell < 0 || cell > n) {
      throw new NotebookError(
        name,
        `has no cell ${cell} to save (it has ${n} cell${n === 1 ? '' : 's'}: 0 to ${n - 1}, or ${n} to add one)`,
      );
    }
    if (seen.has(cell)) throw new NotebookError(name, `cell ${cell} is edited twice in one save`);
    seen.add(cell);
    if (typeof source !== 'string') throw new NotebookError(name, `cell ${cell}'s new source is not text`);
    // UTF-8 cannot hold half of a UTF-16 pair: a .py would get U+FFFD in its place, silently. (An .ipynb
    // keeps it as a JSON escape, which reads back the same.)
    const lone = notebookFormat(name) === 'py' ? LONE_SURROGATE.exec(source) : null;
    if (lone)
      throw new NotebookError(
        name,
        `cell ${cell} holds \\u${lone[0].charCodeAt(0).toString(16)}, half of a UTF-16 pair, which a UTF-8 file cannot store; delete it or complete the character`,
      );
    const kind = notebook.cells[cell]?.kind ?? 'code';
    if (kind !== 'code') throw new NotebookError(name, `cell ${cell} is a ${kind} cell; only code cells are saved`);
  }
}

// ---- .ipynb -----------------------------------------------------------------------------------------------

interface Member {
  key: string;
  /** Where the key's opening quote is. */
  keyStart: number;
  valueStart: number;
  valueEnd: number;
}

/**
 * Spans of JSON text already known to be valid (JSON.parse read it first), so the scanner only has to find
 * where values start and end, never to report errors.
 */
class JsonScanner {
  constructor(readonly text: string) {}

  skipSpace(i: number): number {
    const t = this.text;
    while (i < t.length && (t[i] === ' ' || t[i] === '\n' || t[i] === '\r' || t[i] === '\t')) i++;
    return i;
  }

  /**
   * The end (exclusive) of the value starting at `i`. A loop over brackets, not a recursion into them:
   * metadata nested 5,000 deep (valid JSON) must not overflow the stack.
   */
  valueEnd(i: number): number {
    const t = this.text;
    if (t[i] === '"') return this.stringEnd(i);
    if (t[i] === '{' || t[i] === '[') {
      let depth = 0;
      for (let j = i; ;) {
        const c = t[j];
        if (c === '"') j = this.stringEnd(j);
        else {
          if (c === '{' || c === '[') depth++;
          else if ((c === '}' || c === ']') && --depth === 0) return j + 1;
          j++;
        }
      }
    }
    let j = i;
    while (j < t.length && !/[\s,\]}]/.test(t[j])) j++;
    return j;
  }

  stringEnd(i: number): number {
    const t = this.text;
    let j = i + 1;
    while (t[j] !== '"') j += t[j] === '\\' ? 2 : 1;
    return j + 1;
  }

  members(objectStart: number): Member[] {
    const out: Member[] = [];
    let j = this.skipSpace(objectStart + 1);
    if (this.text[j] === '}') return out;
    for (;;) {
      const keyEnd = this.stringEnd(j);
      const key = JSON.parse(this.text.slice(j, keyEnd)) as string;
      const valueStart = this.skipSpace(this.skipSpace(keyEnd) + 1);
      const valueEnd = this.valueEnd(valueStart);
      out.push({ key, keyStart: j, valueStart, valueEnd });
      j = this.skipSpace(valueEnd);
      if (this.text[j] === '}') return out;
      j = this.skipSpace(j + 1);
    }
  }

  elements(arrayStart: number): { start: number; end: number }[] {
    const out: { start: number; end: number }[] = [];
    let j = this.skipSpace(arrayStart + 1);
    if (this.text[j] === ']') return out;
    for (;;) {
      const end = this.valueEnd(j);
      out.push({ start: j, end });
      j = this.skipSpace(end);
      if (this.text[j] === ']') return out;
      j = this.skipSpace(j + 1);
    }
  }

  /** The member JSON.parse keeps: the last one with this key. */
  member(objectStart: number, key: string): Member | undefined {
    return this.members(objectStart)
      .filter((m) => m.key === key)
      .pop();
  }
}

/** How the file is laid out, so new text reads as if the file's own writer had written it. */
interface Layout {
  /** One level of indentation (`' '` for Jupyter's indent=1); null for a file on one line. */
  unit: string | null;
  eol: string;
  /** The file escapes every non-ASCII character (`\u00e9`), as json.dumps' ensure_ascii does. */
  asciiOnly: boolean;
}

function detectLayout(text: string): Layout {
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  // The first key of the top object sits at one level of indentation.
  const m = /^\{\r?\n([ \t]+)"/.exec(text);
  const unit = m ? m[1] : /\n/.test(text.trim()) ? ' ' : null;
  // eslint-disable-next-line no-control-regex
  const asciiOnly = !/[^\x00-\x7f]/.test(text) && /\\u[0-9a-fA-F]{4}/.test(text);
  return { unit, eol, asciiOnly };
}

/** The indentation of the line `i` is on. */
function indentAt(text: string, i: number): string {
  const lineStart = text.lastIndexOf('\n', i - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, i))![0];
}

/** A JSON string as json.dumps writes it (escaping non-ASCII only when the file does). */
function jsonString(s: string, layout: Layout): string {
  const json = JSON.stringify(s);
  return layout.asciiOnly
    ? json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    : json;
}

/** A source as Jupyter stores it: lines, each but the last ending in "\n". */
export function sourceLines(source: string): string[] {
  const lines = source.split('\n').map((l) => `${l}\n`);
  const last = lines.pop()!.slice(0, -1);
  return last ? [...lines, last] : lines;
}

function sourceJson(source: string, indent: string, layout: Layout): string {
  const lines = sourceLines(source).map((l) => jsonString(l, layout));
  if (lines.length === 0) return '[]';
  if (layout.unit === null) return `[${lines.join(',')}]`;
  const inner = indent + layout.unit;
  return `[${layout.eol}${lines.map((l) => inner + l).join(`,${layout.eol}`)}${layout.eol}${indent}]`;
}

function spliceIpynb(text: string, edits: readonly CellEdit[]): string {
  const doc = JSON.parse(text) as { cells: { cell_type: string }[]; nbformat_minor?: unknown; [k: string]: unknown };
  const scan = new JsonScanner(text);
  const layout = detectLayout(text);
  const top = scan.skipSpace(0);
  const cellsMember = scan.member(top, 'cells')!;
  const elements = scan.elements(cellsMember.valueStart);
  // NotebookCell.index counts the cells parse.ts keeps: raw cells are skipped.
  const kept = elements.filter((_, j) => doc.cells[j].cell_type !== 'raw');
  const splices: { start: number; end: number; text: string }[] = [];
  for (const { cell, source } of edits) {
    if (cell === kept.length) {
      splices.push(appendCell(text, doc, cellsMember, elements, source, layout));
      continue;
    }
    const el = kept[cell];
    const member = scan.member(el.start, 'source');
    if (member) {
      const indent = layout.unit === null ? '' : indentAt(text, member.keyStart);
      splices.push({ start: member.valueStart, end: member.valueEnd, text: sourceJson(source, indent, layout) });
    } else {
      // parse.ts refuses a cell without a source, so this is never reached; say so rather than guess.
      throw new Error('a cell without "source" passed parseNotebook');
    }
  }
  splices.sort((a, b) => b.start - a.start);
  let out = text;
  for (const s of splices) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

/** Ids nbformat 4.5 gives cells: letters, digits, - and _; a new one must not clash with the file's. */
function newCellId(doc: { cells: unknown[] }): string {
  const ids = new Set(doc.cells.map((c) => (c as { id?: unknown }).id));
  let n = doc.cells.length + 1;
  while (ids.has(`backward-${n}`)) n++;
  return `backward-${n}`;
}

function appendCell(
  text: string,
  doc: { cells: unknown[]; nbformat_minor?: unknown },
  cellsMember: Member,
  elements: { start: number; end: number }[],
  source: string,
  layout: Layout,
): { start: number; end: number; text: string } {
  // Keys in Jupyter's (sorted) order; `id` exists from nbformat 4.5 on, and is not allowed before it.
  const minor = typeof doc.nbformat_minor === 'number' ? doc.nbformat_minor : 0;
  const cell = {
    cell_type: 'code',
    execution_count: null,
    ...(minor >= 5 ? { id: newCellId(doc) } : {}),
    metadata: {},
    outputs: [],
  };
  const arrayIndent = layout.unit === null ? '' : indentAt(text, cellsMember.keyStart);
  const elementIndent = layout.unit === null ? '' : arrayIndent + layout.unit;
  const keyIndent = layout.unit === null ? '' : elementIndent + layout.unit;
  const sep = layout.unit === null ? '' : ' ';
  const nl = layout.unit === null ? '' : layout.eol + keyIndent;
  const fields = Object.entries(cell).map(([k, v]) => `${JSON.stringify(k)}:${sep}${JSON.stringify(v)}`);
  fields.push(`"source":${sep}${sourceJson(source, keyIndent, layout)}`);
  const body = `{${nl}${fields.join(`,${nl}`)}${layout.unit === null ? '' : layout.eol + elementIndent}}`;
  const last = elements[elements.length - 1];
  if (last)
    return {
      start: last.end,
      end: last.end,
      text: `,${layout.unit === null ? '' : layout.eol + elementIndent}${body}`,
    };
  // An empty list: `[]` becomes `[ <cell> ]` laid out like a list Jupyter wrote.
  const open = cellsMember.valueStart;
  const around = layout.unit === null ? ['', ''] : [layout.eol + elementIndent, layout.eol + arrayIndent];
  return { start: open, end: cellsMember.valueEnd, text: `[${around[0]}${body}${around[1]}]` };
}

// ---- .py (percent format) ---------------------------------------------------------------------------------

const MARKER = /^# %%/;

function splicePercent(name: string, text: string, notebook: Notebook, edits: readonly CellEdit[]): string {
  // Lines and the ending after each, exactly as in the file (parse.ts splits the same way, on \r\n, \r or \n).
  const parts = text.split(/(\r\n|\r|\n)/);
  const lines = parts.filter((_, i) => i % 2 === 0);
  const endings = parts.filter((_, i) => i % 2 === 1);
  const eol = endings[0] ?? '\n';
  const replaced = new Map<number, string[]>();
  let appended: string[] | null = null;
  for (const { cell, source } of edits) {
    const newLines = source.replace(/\r\n?/g, '\n').split('\n');
    const marker = newLines.findIndex((l) => MARKER.test(l));
    if (marker >= 0)
      throw new NotebookError(
        name,
        `the new source of ${cell < notebook.cells.length ? cellText(notebook.cells, cell) : 'a new cell'} has a "# %%" line (line ${marker + 1}), which would start another cell`,
      );
    const c = notebook.cells[cell];
    if (!c) {
      appended = newLines;
      continue;
    }
    replaced.set(c.firstLine - 1, newLines);
  }
  let out = '';
  for (let i = 0; i < lines.length;) {
    const newLines = replaced.get(i);
    if (!newLines) {
      out += lines[i] + (endings[i] ?? '');
      i++;
      continue;
    }
    // The cell runs to the next marker or the end of the file; its trailing blank lines separate it from the
    // next cell (or are the file's final newline) and stay, whatever the new source ends with.
    let end = i;
    while (end < lines.length && !MARKER.test(lines[end])) end++;
    let contentEnd = end;
    while (contentEnd > i && lines[contentEnd - 1].trim() === '') contentEnd--;
    const content = [...newLines];
    while (content.length > 0 && content[content.length - 1].trim() === '') content.pop();
    const body = [...content, ...lines.slice(contentEnd, end)];
    // The last body line takes the ending that followed the cell's last line (none at the end of the file).
    const lastEnding = endings[end - 1] ?? '';
    const cellEol = endings[i] ?? eol;
    out += body.map((l, k) => l + (k === body.length - 1 ? lastEnding : cellEol)).join('');
    i = end;
  }
  if (appended) {
    const needsBreak = out !== '' && !/(\r\n|\r|\n)$/.test(out);
    const content = [...appended];
    while (content.length > 0 && content[content.length - 1].trim() === '') content.pop();
    out += `${needsBreak ? eol : ''}${out === '' ? '' : eol}# %%${eol}${content.map((l) => l + eol).join('')}`;
  }
  return out;
}

// ---- a file that changed on disk --------------------------------------------------------------------------

/**
 * Whether edits made against `base` can go into `current`, the file as it is on disk now that something else
 * changed it: null when they can (the same cells, none of the edited ones changed there), else why not.
 */
export function editConflict(
  name: string,
  base: Uint8Array,
  current: Uint8Array,
  edits: readonly CellEdit[],
): string | null {
  const before = parseNotebook(name, base);
  let now: Notebook;
  try {
    now = parseNotebook(name, current);
  } catch (e) {
    return `it is no longer a notebook (${e instanceof NotebookError ? e.detail : String(e)})`;
  }
  const [a, b] = [before.cells, now.cells];
  if (a.length !== b.length) return `cells were added or removed there (${a.length} then, ${b.length} now)`;
  const moved = a.findIndex((c, i) => c.kind !== b[i].kind);
  if (moved >= 0) return `a ${a[moved].kind} cell is a ${b[moved].kind} cell there now`;
  const clash = edits.find((e) => e.cell < a.length && a[e.cell].source !== b[e.cell].source);
  return clash ? `${cellText(a, clash.cell)}, which you edited, was changed there too` : null;
}
