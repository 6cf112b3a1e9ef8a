import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotebookError, parseNotebook } from '../../../core/notebook/parse';
import { replaceCellSources, sourceLines } from '../../../core/notebook/save';
import { FIXTURES, SAMPLE } from './notebooks';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const save = (text: string, name: string, edits: { cell: number; source: string }[]) =>
  dec(replaceCellSources(enc(text), name, edits));

/** Where two texts differ: the common prefix and suffix, and the differing middles. */
function diff(a: string, b: string) {
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let s = 0;
  while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  return { prefix: p, before: a.slice(p, a.length - s), after: b.slice(p, b.length - s) };
}

/** Saved by Jupyter itself (outputs, execution counts, nbformat 4.4). */
const JUPYTER = join(FIXTURES, '../jupyter/makemore_part4_backprop.ipynb');
const JUPYTER_FILES = [
  JUPYTER,
  SAMPLE,
  join(FIXTURES, 'layers.ipynb'),
  join(FIXTURES, 'two-layers.ipynb'),
  join(FIXTURES, 'name-error.ipynb'),
];

describe('sourceLines', () => {
  it.each([
    ['', []],
    ['x', ['x']],
    ['x\n', ['x\n']],
    ['a\nb', ['a\n', 'b']],
    ['a\n\nb\n', ['a\n', '\n', 'b\n']],
  ])('%j → %j, as Jupyter stores a source', (source, lines) => {
    expect(sourceLines(source)).toEqual(lines);
  });
});

describe('replaceCellSources: .ipynb', () => {
  it.each(JUPYTER_FILES)(
    '%s: saving every code cell unchanged gives the same bytes; an edit reads back through parse.ts',
    (path) => {
      const bytes = new Uint8Array(readFileSync(path));
      const nb = parseNotebook('nb.ipynb', bytes);
      const same = nb.cells.filter((c) => c.kind === 'code').map((c) => ({ cell: c.index, source: c.source }));
      expect(replaceCellSources(bytes, 'nb.ipynb', same)).toEqual(bytes);

      const code = nb.cells.filter((c) => c.kind === 'code');
      const target = code[code.length - 1];
      const source = 'dlogprobs = torch.zeros_like(logprobs)\n# é ünïcode ✓ 😀\ncmp("logprobs", dlogprobs, logprobs)';
      const out = replaceCellSources(bytes, 'nb.ipynb', [{ cell: target.index, source }]);
      const back = parseNotebook('nb.ipynb', out);
      expect(back.cells.map((c) => c.source)).toEqual(nb.cells.map((c) => (c === target ? source : c.source)));
    },
  );

  it.each(JUPYTER_FILES)(
    '%s: the saved file is what Jupyter would write (indent 1, sorted keys, source as lines), differing only in that source',
    (path) => {
      const text = readFileSync(path, 'utf8');
      const nb = parseNotebook('nb.ipynb', enc(text));
      const target = nb.cells.filter((c) => c.kind === 'code')[0];
      const source = 'x = 1\ny = [2,\n     3]\n';
      const out = save(text, 'nb.ipynb', [{ cell: target.index, source }]);
      // Jupyter's writer is json.dumps(indent=1, sort_keys=True, ensure_ascii=False) of the cells split into lines.
      const doc = JSON.parse(text);
      const raw = doc.cells.filter((c: { cell_type: string }) => c.cell_type !== 'raw')[target.index];
      raw.source = sourceLines(source);
      expect(out).toBe(JSON.stringify(doc, null, 1) + (text.endsWith('\n') ? '\n' : ''));
      // And everything outside that cell's source is byte for byte the file's.
      const d = diff(text, out);
      expect(d.after).toContain('x = 1\\n",\n    "y = [2,\\n",\n    "     3]\\n');
      for (const key of ['"cell_type"', '"outputs"', '"metadata"', '"source"', '"execution_count"']) {
        expect(d.before).not.toContain(key);
        expect(d.after).not.toContain(key);
      }
      expect(text.slice(0, d.prefix).lastIndexOf('"source": [')).toBeGreaterThan(
        text.slice(0, d.prefix).lastIndexOf('"cell_type"'),
      );
    },
  );

  it('keeps key order, outputs, execution counts, metadata, numbers as written, escapes and the indentation', () => {
    const text = [
      '{',
      '  "nbformat": 4,',
      '  "metadata": {"kernelspec": {"name": "python3"}, "ratio": 1.0, "big": 1e3},',
      '  "cells": [',
      '    {',
      '      "source": ["a = 1\\n", "b = 2"],',
      '      "outputs": [{"output_type": "stream", "name": "stdout", "text": ["caf\\u00e9\\n"]}],',
      '      "metadata": {"tags": ["backward"], "scrolled": true},',
      '      "execution_count": 12,',
      '      "cell_type": "code"',
      '    },',
      '    {"cell_type": "raw", "metadata": {}, "source": "raw text"},',
      '    {',
      '      "cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],',
      '      "source": "untouched = True\\n"',
      '    }',
      '  ],',
      '  "nbformat_minor": 4',
      '}',
      '',
    ].join('\n');
    const out = save(text, 'n.ipynb', [{ cell: 0, source: 'a = 10\nb = 20\n' }]);
    const d = diff(text, out);
    expect(d.before).toBe('"a = 1\\n", "b = 2"');
    // The source's own indentation is the file's (2 spaces a level), one level in from the "source" key.
    expect(d.after).toBe('\n        "a = 10\\n",\n        "b = 20\\n"\n      ');
    expect(out).toContain('"ratio": 1.0, "big": 1e3');
    expect(out).toContain('caf\\u00e9');
  });

  it('edits the right cell when raw cells (which parse.ts skips) come before it', () => {
    const text = JSON.stringify(
      {
        cells: [
          { cell_type: 'raw', metadata: {}, source: ['r'] },
          { cell_type: 'markdown', metadata: {}, source: ['# m'] },
          { cell_type: 'raw', metadata: {}, source: ['r2'] },
          { cell_type: 'code', execution_count: 1, metadata: {}, outputs: [], source: ['old'] },
        ],
        metadata: {},
        nbformat: 4,
        nbformat_minor: 5,
      },
      null,
      1,
    );
    const out = JSON.parse(save(text, 'n.ipynb', [{ cell: 1, source: 'new' }]));
    expect(out.cells.map((c: { source: string[] }) => c.source)).toEqual([['r'], ['# m'], ['r2'], ['new']]);
  });

  it('writes CRLF where the file has CRLF, tabs where it indents with tabs, and one line where it is minified', () => {
    const doc = {
      cells: [{ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: ['x'] }],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 4,
    };
    const crlf = JSON.stringify(doc, null, 1).replace(/\n/g, '\r\n') + '\r\n';
    const outCrlf = save(crlf, 'n.ipynb', [{ cell: 0, source: 'a\nb' }]);
    expect(outCrlf).toBe(
      JSON.stringify({ ...doc, cells: [{ ...doc.cells[0], source: ['a\n', 'b'] }] }, null, 1).replace(/\n/g, '\r\n') +
        '\r\n',
    );
    const tabs = JSON.stringify(doc, null, '\t');
    expect(save(tabs, 'n.ipynb', [{ cell: 0, source: 'a\nb' }])).toBe(
      JSON.stringify({ ...doc, cells: [{ ...doc.cells[0], source: ['a\n', 'b'] }] }, null, '\t'),
    );
    const minified = JSON.stringify(doc);
    expect(save(minified, 'n.ipynb', [{ cell: 0, source: 'a\nb' }])).toBe(
      JSON.stringify({ ...doc, cells: [{ ...doc.cells[0], source: ['a\n', 'b'] }] }),
    );
  });

  it('escapes non-ASCII only in a file written with ensure_ascii, and keeps a byte order mark', () => {
    const ascii =
      '{\n "cells": [\n  {\n   "cell_type": "code",\n   "metadata": {"n": "\\u00e9"},\n   "source": []\n  }\n ],\n "metadata": {},\n "nbformat": 4,\n "nbformat_minor": 4\n}';
    expect(save(ascii, 'n.ipynb', [{ cell: 0, source: 'é = "😀"' }])).toContain('"\\u00e9 = \\"\\ud83d\\ude00\\""');
    const utf8 = ascii.replace('\\u00e9', 'é');
    expect(save(utf8, 'n.ipynb', [{ cell: 0, source: 'é = "😀"' }])).toContain('"é = \\"😀\\""');
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...enc(utf8)]);
    const out = replaceCellSources(bom, 'n.ipynb', [{ cell: 0, source: 'y' }]);
    expect([...out.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(parseNotebook('n.ipynb', out).cells[0].source).toBe('y');
  });

  it('appends a code cell after the last one (with an id from nbformat 4.5 on, without one before)', () => {
    const text = readFileSync(join(FIXTURES, 'two-layers.ipynb'), 'utf8');
    const nb = parseNotebook('nb.ipynb', enc(text));
    const n = nb.cells.length;
    const out = save(text, 'nb.ipynb', [{ cell: n, source: 'dW = x.T @ dout\n' }]);
    const back = parseNotebook('nb.ipynb', enc(out));
    expect(back.cells).toHaveLength(n + 1);
    expect(back.cells[n]).toMatchObject({ kind: 'code', source: 'dW = x.T @ dout\n' });
    const doc = JSON.parse(text);
    doc.cells.push({
      cell_type: 'code',
      execution_count: null,
      ...(doc.nbformat_minor >= 5 ? { id: `backward-${doc.cells.length + 1}` } : {}),
      metadata: {},
      outputs: [],
      source: ['dW = x.T @ dout\n'],
    });
    expect(out).toBe(JSON.stringify(doc, null, 1) + (text.endsWith('\n') ? '\n' : ''));

    const empty = '{\n "cells": [],\n "metadata": {},\n "nbformat": 4,\n "nbformat_minor": 2\n}\n';
    expect(save(empty, 'e.ipynb', [{ cell: 0, source: 'x = 1' }])).toBe(
      JSON.stringify(
        {
          cells: [{ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: ['x = 1'] }],
          metadata: {},
          nbformat: 4,
          nbformat_minor: 2,
        },
        null,
        1,
      ) + '\n',
    );
  });

  it('never reuses a cell id the notebook already has', () => {
    const doc = {
      cells: [{ cell_type: 'code', id: 'backward-2', execution_count: null, metadata: {}, outputs: [], source: [] }],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    };
    const out = JSON.parse(save(JSON.stringify(doc, null, 1), 'n.ipynb', [{ cell: 1, source: 'y' }]));
    expect(out.cells.map((c: { id: string }) => c.id)).toEqual(['backward-2', 'backward-3']);
  });
});

describe('replaceCellSources: .py (percent format)', () => {
  const py = [
    '# A header comment',
    'import torch',
    '',
    '# %% forward',
    'x = torch.ones(3)',
    'y = x * 2',
    '',
    '',
    '# %% [markdown]',
    '# Some *text*',
    '',
    '# %% backward',
    'dx = 2',
    '',
  ].join('\n');

  it('round trips every cell byte for byte', () => {
    const nb = parseNotebook('a.py', enc(py));
    const same = nb.cells.filter((c) => c.kind === 'code').map((c) => ({ cell: c.index, source: c.source }));
    expect(save(py, 'a.py', same)).toBe(py);
  });

  it('replaces only the cell’s lines; markers and the blank lines between cells stay', () => {
    const out = save(py, 'a.py', [{ cell: 1, source: 'x = torch.zeros(3)\ny = x + 1' }]);
    expect(out).toBe(py.replace('x = torch.ones(3)\ny = x * 2', 'x = torch.zeros(3)\ny = x + 1'));
    const last = save(py, 'a.py', [{ cell: 3, source: 'dx = torch.full_like(x, 2.0)' }]);
    expect(last).toBe(py.replace('dx = 2\n', 'dx = torch.full_like(x, 2.0)\n'));
    const back = parseNotebook('a.py', enc(last));
    expect(back.cells.map((c) => c.firstLine)).toEqual(parseNotebook('a.py', enc(py)).cells.map((c) => c.firstLine));
  });

  it('keeps CRLF line endings, in the new lines too', () => {
    const crlf = py.replace(/\n/g, '\r\n');
    const out = save(crlf, 'a.py', [{ cell: 1, source: 'a = 1\nb = 2\n' }]);
    expect(out).toBe(crlf.replace('x = torch.ones(3)\r\ny = x * 2', 'a = 1\r\nb = 2'));
    expect(out.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('keeps unicode and a file without a final newline', () => {
    const text = '# %%\nprint("héllo ✓")\n# %%\nz = 1';
    const out = save(text, 'u.py', [{ cell: 1, source: 'z = "😀"' }]);
    expect(out).toBe('# %%\nprint("héllo ✓")\n# %%\nz = "😀"');
  });

  it('a plain script is one cell; appending a cell adds a marker after it', () => {
    const script = 'x = 1\nprint(x)\n';
    expect(save(script, 's.py', [{ cell: 0, source: 'x = 2\nprint(x)' }])).toBe('x = 2\nprint(x)\n');
    const out = save(script, 's.py', [{ cell: 1, source: 'dx = 1\n' }]);
    expect(out).toBe('x = 1\nprint(x)\n\n# %%\ndx = 1\n');
    expect(parseNotebook('s.py', enc(out)).cells.map((c) => c.source)).toEqual(['x = 1\nprint(x)\n', 'dx = 1\n']);
    expect(save('x = 1', 's.py', [{ cell: 1, source: 'y' }])).toBe('x = 1\n\n# %%\ny\n');
  });

  it('refuses a new source with a "# %%" line, which would split the cell', () => {
    expect(() => save(py, 'a.py', [{ cell: 1, source: 'a = 1\n# %% oops\nb = 2' }])).toThrow(
      // Cell 1 in the list is the file's second code cell, In [2] (core/notebook/coords.ts).
      /a\.py: the new source of cell 2 has a "# %%" line \(line 2\)/,
    );
  });
});

describe('replaceCellSources: what it refuses', () => {
  const text = JSON.stringify({
    cells: [
      { cell_type: 'markdown', metadata: {}, source: ['# t'] },
      { cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: ['x'] },
    ],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  });

  it.each([
    [
      'a cell past the end',
      [{ cell: 3, source: '' }],
      /n\.ipynb: has no cell 3 to save \(it has 2 cells: 0 to 1, or 2 to add one\)/,
    ],
    ['a negative cell', [{ cell: -1, source: '' }], /has no cell -1/],
    ['a fractional cell', [{ cell: 0.5, source: '' }], /has no cell 0\.5/],
    ['a markdown cell', [{ cell: 0, source: 'x' }], /cell 0 is a markdown cell; only code cells are saved/],
    [
      'the same cell twice',
      [
        { cell: 1, source: 'a' },
        { cell: 1, source: 'b' },
      ],
      /cell 1 is edited twice/,
    ],
    ['a source that is not text', [{ cell: 1, source: 42 as unknown as string }], /cell 1's new source is not text/],
  ])('%s', (_what, edits, message) => {
    expect(() => save(text, 'n.ipynb', edits)).toThrow(NotebookError);
    expect(() => save(text, 'n.ipynb', edits)).toThrow(message);
  });

  it.each([
    ['truncated JSON', 'n.ipynb', '{"cells": [', /n\.ipynb: is not valid JSON/],
    ['nbformat 3', 'n.ipynb', '{"nbformat": 3, "worksheets": []}', /has nbformat 3/],
    ['another kind of file', 'n.txt', 'x', /is neither a Jupyter notebook/],
  ])('a file that is not a notebook: %s', (_what, name, body, message) => {
    expect(() => save(body, name, [{ cell: 0, source: '' }])).toThrow(message);
  });

  it('makes no copy of the input it could alias: no edits gives equal, separate bytes', () => {
    const bytes = enc(text);
    const out = replaceCellSources(bytes, 'n.ipynb', []);
    expect(out).toEqual(bytes);
    expect(out).not.toBe(bytes);
  });
});
