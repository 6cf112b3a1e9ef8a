import { describe, expect, it } from 'vitest';
import { MAX_NOTEBOOK_BYTES, NotebookError, parseNotebook } from '../../../core/notebook/parse';
import { notebookReads } from '../../../core/notebook/files';

const enc = (s: string) => new TextEncoder().encode(s);
const ipynb = (cells: unknown, extra: Record<string, unknown> = {}) =>
  enc(JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells, ...extra }));

describe('parseNotebook: .ipynb', () => {
  it('keeps code and markdown cells in order, joins line lists, drops raw cells', () => {
    const nb = parseNotebook(
      'a.ipynb',
      ipynb([
        { cell_type: 'markdown', source: ['# Title\n', 'text'] },
        { cell_type: 'raw', source: 'ignored' },
        {
          cell_type: 'code',
          source: ['x = 1\n', 'print(x)'],
          outputs: [{ output_type: 'stream', text: 'x'.repeat(100_000) }],
        },
      ]),
    );
    expect(nb.cells).toEqual([
      { index: 0, kind: 'markdown', source: '# Title\ntext', firstLine: 1 },
      { index: 1, kind: 'code', source: 'x = 1\nprint(x)', firstLine: 1 },
    ]);
  });

  it.each([
    ['truncated JSON', enc('{"nbformat": 4, "cells": [{"cell_ty'), /a\.ipynb: is not valid JSON .*truncated/],
    ['nbformat 3', ipynb([], { nbformat: 3 }), /has nbformat 3; only nbformat 4/],
    ['no nbformat', enc('{"cells": []}'), /has no nbformat field/],
    ['a JSON list', enc('[1, 2]'), /is JSON but not a notebook/],
    ['cells not a list', ipynb('oops'), /has no "cells" list/],
    ['a cell that is a string', ipynb(['print(1)']), /cell 1 is a string, not a cell object/],
    ['an unknown cell type', ipynb([{ cell_type: 'python', source: '' }]), /cell 1 has cell_type "python"/],
    ['a source that is a number', ipynb([{ cell_type: 'code', source: 42 }]), /cell 1 has a source that is a number/],
    [
      'not UTF-8',
      Uint8Array.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      /is not UTF-8 text \(invalid byte 0xff at offset 2\)/,
    ],
    ['binary', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]), /is a binary file/],
  ])('%s gets one clear error naming the file', (_, bytes, message) => {
    expect(() => parseNotebook('a.ipynb', bytes)).toThrow(NotebookError);
    expect(() => parseNotebook('a.ipynb', bytes)).toThrow(message);
  });

  it('refuses a file over the size limit without decoding it', () => {
    const big = new Uint8Array(MAX_NOTEBOOK_BYTES + 1);
    expect(() => parseNotebook('huge.ipynb', big)).toThrow(
      /huge\.ipynb: is 32\.0 MB; notebooks up to 32 MB are supported/,
    );
  });

  it('refuses other file types', () => {
    expect(() => parseNotebook('notes.txt', enc('x'))).toThrow(
      /neither a Jupyter notebook \(\.ipynb\) nor a Python file/,
    );
  });
});

describe('parseNotebook: .py', () => {
  it('splits percent-format cells, keeping each cell on its file lines', () => {
    const nb = parseNotebook('a.py', enc('import torch\n\n# %% [markdown]\n# Some *text*\n\n# %%\nx = 1\nprint(x)\n'));
    expect(nb.cells).toEqual([
      { index: 0, kind: 'code', source: 'import torch\n', firstLine: 1 },
      { index: 1, kind: 'markdown', source: 'Some *text*\n', firstLine: 4 },
      { index: 2, kind: 'code', source: 'x = 1\nprint(x)\n', firstLine: 7 },
    ]);
  });

  it('reads a plain script as one cell and strips a byte-order mark', () => {
    expect(parseNotebook('s.py', enc('\ufeffprint(1)\r\nprint(2)')).cells).toEqual([
      { index: 0, kind: 'code', source: 'print(1)\nprint(2)', firstLine: 1 },
    ]);
  });
});

describe('notebookReads', () => {
  it('finds the relative files string literals name, not absolute ones or plain words', () => {
    const nb = parseNotebook(
      'a.py',
      enc(`open('names.txt')\nopen("../data/names.txt")\nopen('/etc/passwd')\nx = 'hello'\ny = "v1.0"`),
    );
    expect(notebookReads(nb).paths).toEqual(['names.txt', '../data/names.txt']);
  });
});
