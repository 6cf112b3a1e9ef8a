/**
 * File → Save and Save As in main: the save-notebook channels through their contract, with a fake disk
 * (every read and write visible) and then the real atomic writer on a temporary folder, faults injected.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as nodeFs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNELS, parseRequest } from '../../src-common/ipc-contract';
import { parseNotebook } from '../../core/notebook/parse';
import { createHandlers, type HandlerDeps } from '../../src-main/ipc-handlers';
import { OpenedFiles } from '../../src-main/opened-files';
import { confirmLeave } from '../../src-main/unsaved';
import { writeFileAtomic, type WriterFs } from '../../src-node/write-atomic';

const enc = new TextEncoder();
const dec = new TextDecoder();
const notebook = (...sources: string[]) =>
  enc.encode(
    JSON.stringify(
      {
        cells: sources.map((s) => ({ cell_type: 'code', execution_count: 1, metadata: {}, outputs: [], source: [s] })),
        metadata: {},
        nbformat: 4,
        nbformat_minor: 4,
      },
      null,
      1,
    ) + '\n',
  );
const sources = (bytes: Uint8Array) => parseNotebook('x.ipynb', bytes).cells.map((c) => c.source);

function setup(files: Record<string, Uint8Array>, over: Partial<HandlerDeps> = {}) {
  const disk = new Map(Object.entries(files));
  const writes: string[] = [];
  const opened: string[] = [];
  const deps: HandlerDeps = {
    chooseNotebookPath: async () => null,
    readBytes: async (path, limit) => {
      const f = disk.get(path);
      return f && f.length <= limit ? f : null;
    },
    opened: (p) => opened.push(p),
    openedFiles: new OpenedFiles(),
    // These tests open files by path as a drop does: every path counts as dropped here.
    droppedPaths: { has: () => true } as unknown as ReadonlySet<string>,
    chooseSavePath: async () => null,
    exists: async (p) => disk.has(p),
    writeFile: async (path, data) => {
      writes.push(path);
      disk.set(path, typeof data === 'string' ? enc.encode(data) : data);
    },
    appInfo: () => ({ name: '', version: '', mode: 'electron', versions: {} }),
    setTheme: () => {},
    openExternal: async () => {},
    ...over,
  };
  return { h: createHandlers(deps), disk, writes, opened };
}

describe('the save-notebook channel', () => {
  it('writes the edited cell into the file opened, and answers with what is now on disk', async () => {
    const base = notebook('x = 1', 'dx = 0');
    const { h, disk, writes } = setup({ '/nb/mine.ipynb': base });
    const file = await h[CHANNELS.openNotebook]({ path: '/nb/mine.ipynb' });
    expect(file?.path).toBe('/nb/mine.ipynb');
    const r = await h[CHANNELS.saveNotebook]({ path: '/nb/mine.ipynb', base, edits: [{ cell: 1, source: 'dx = 2' }] });
    expect(r).toMatchObject({ saved: true, name: 'mine.ipynb', path: '/nb/mine.ipynb', merged: false });
    expect(writes).toEqual(['/nb/mine.ipynb']);
    expect(sources(disk.get('/nb/mine.ipynb')!)).toEqual(['x = 1', 'dx = 2']);
    expect(r.saved && r.bytes).toEqual(disk.get('/nb/mine.ipynb'));
  });

  it('keeps changes made on disk in other cells since the file was opened, and says it merged', async () => {
    const base = notebook('x = 1', 'dx = 0');
    const { h, disk } = setup({ '/nb/m.ipynb': base });
    await h[CHANNELS.openNotebook]({ path: '/nb/m.ipynb' });
    disk.set('/nb/m.ipynb', notebook('x = 100  # changed in Jupyter', 'dx = 0'));
    const r = await h[CHANNELS.saveNotebook]({ path: '/nb/m.ipynb', base, edits: [{ cell: 1, source: 'dx = 2' }] });
    expect(r).toMatchObject({ saved: true, merged: true });
    expect(sources(disk.get('/nb/m.ipynb')!)).toEqual(['x = 100  # changed in Jupyter', 'dx = 2']);
  });

  it.each([
    [
      'the edited cell changed there too',
      notebook('x = 1', 'dx = 99'),
      // The second code cell is In [2]: cells are counted as the cell list counts them (core/notebook/coords.ts).
      /cell 2, which you edited, was changed there too/,
    ],
    [
      'a cell was added there',
      notebook('x = 1', 'y = 2', 'dx = 0'),
      /cells were added or removed there \(2 then, 3 now\)/,
    ],
    ['it is no longer a notebook', enc.encode('{"cells": ['), /it is no longer a notebook \(is not valid JSON/],
  ])(
    'refuses, writing nothing, when %s; overwrite replaces it with the edits on what was opened',
    async (_w, now, why) => {
      const base = notebook('x = 1', 'dx = 0');
      const { h, disk, writes } = setup({ '/nb/c.ipynb': base });
      await h[CHANNELS.openNotebook]({ path: '/nb/c.ipynb' });
      disk.set('/nb/c.ipynb', now);
      const request = { path: '/nb/c.ipynb', base, edits: [{ cell: 1, source: 'dx = 2' }] };
      const r = await h[CHANNELS.saveNotebook](request);
      expect(r.saved).toBe(false);
      expect(!r.saved && r.conflict).toMatch(/^c\.ipynb changed on disk since it was opened: /);
      expect(!r.saved && r.conflict).toMatch(why);
      expect(writes).toEqual([]);
      expect(await h[CHANNELS.saveNotebook]({ ...request, overwrite: true })).toMatchObject({ saved: true });
      expect(sources(disk.get('/nb/c.ipynb')!)).toEqual(['x = 1', 'dx = 2']);
    },
  );

  it('writes only files opened (or saved as) in this window, whatever path the page names', async () => {
    const base = notebook('x = 1');
    const { h, writes } = setup({ '/home/me/.bashrc.py': base, '/nb/a.ipynb': base });
    await expect(
      h[CHANNELS.saveNotebook]({ path: '/home/me/.bashrc.py', base, edits: [{ cell: 0, source: 'evil()' }] }),
    ).rejects.toThrow('.bashrc.py: was not opened in this window, so it is not saved');
    expect(writes).toEqual([]);
  });

  it('cannot be made to write a file by first opening it by a path the page made up (only a drop opens by path)', async () => {
    const base = notebook('x = 1');
    const target = '/home/me/.config/startup.py';
    const { h, writes, opened } = setup({ [target]: base }, { droppedPaths: new Set(['/nb/dropped.ipynb']) });
    await expect(h[CHANNELS.openNotebook]({ path: target })).rejects.toThrow(
      'only a file dropped on the window can be opened by its path',
    );
    await expect(
      h[CHANNELS.saveNotebook]({ path: target, base, edits: [{ cell: 0, source: 'evil()' }] }),
    ).rejects.toThrow('startup.py: was not opened in this window, so it is not saved');
    expect([writes, opened]).toEqual([[], []]);
  });

  it('says so when the file has gone, and when the edits do not fit the file', async () => {
    const base = notebook('x = 1');
    const { h, disk, writes } = setup({ '/nb/g.ipynb': base });
    await h[CHANNELS.openNotebook]({ path: '/nb/g.ipynb' });
    await expect(
      h[CHANNELS.saveNotebook]({ path: '/nb/g.ipynb', base, edits: [{ cell: 5, source: '' }] }),
    ).rejects.toThrow('g.ipynb: has no cell 5 to save');
    disk.delete('/nb/g.ipynb');
    await expect(
      h[CHANNELS.saveNotebook]({ path: '/nb/g.ipynb', base, edits: [{ cell: 0, source: 'y' }] }),
    ).rejects.toThrow('g.ipynb: could not be read back to save into (was it moved or deleted?)');
    expect(writes).toEqual([]);
  });
});

describe('the save-notebook-as channel', () => {
  it('asks where, writes the edits on the given bytes there, and from then on File → Save may write it', async () => {
    const base = notebook('x = 1', 'dx = 0');
    const asked: unknown[] = [];
    const { h, disk, opened } = setup(
      {},
      { chooseSavePath: async (d, f) => (asked.push([d, f]), '/home/me/my-ninja.ipynb') },
    );
    const r = await h[CHANNELS.saveNotebookAs]({
      suggestedName: 'backprop-ninja.ipynb',
      base,
      edits: [{ cell: 1, source: 'dx = 3' }],
    });
    expect(r).toMatchObject({ saved: true, name: 'my-ninja.ipynb', path: '/home/me/my-ninja.ipynb' });
    expect(asked).toEqual([['backprop-ninja.ipynb', { name: 'Jupyter notebook', extensions: ['ipynb'] }]]);
    expect(sources(disk.get('/home/me/my-ninja.ipynb')!)).toEqual(['x = 1', 'dx = 3']);
    expect(opened).toEqual(['/home/me/my-ninja.ipynb']);
    const again = await h[CHANNELS.saveNotebook]({
      path: '/home/me/my-ninja.ipynb',
      base: r.saved ? r.bytes : base,
      edits: [{ cell: 1, source: 'dx = 4' }],
    });
    expect(again.saved).toBe(true);
  });

  it('gives a name typed without the extension the notebook’s, asking again rather than overwrite unasked', async () => {
    const answers = ['/nb/mine', '/nb/mine-2.py'];
    const asked: string[] = [];
    const { h, disk } = setup(
      { '/nb/mine.py': enc.encode('keep me\n') },
      { chooseSavePath: async (d) => (asked.push(d), answers.shift()!) },
    );
    const r = await h[CHANNELS.saveNotebookAs]({
      suggestedName: 'a.py',
      base: enc.encode('# %%\nx = 1\n'),
      edits: [{ cell: 0, source: 'x = 2' }],
    });
    expect(asked).toEqual(['a.py', '/nb/mine.py']);
    expect(r).toMatchObject({ saved: true, name: 'mine-2.py' });
    expect(dec.decode(disk.get('/nb/mine.py'))).toBe('keep me\n');
    expect(dec.decode(disk.get('/nb/mine-2.py'))).toBe('# %%\nx = 2\n');
  });

  it('writes nothing when the dialog is cancelled, and asks nothing for edits that cannot be saved', async () => {
    let asked = 0;
    const { h, writes } = setup({}, { chooseSavePath: async () => (asked++, null) });
    const base = notebook('x');
    expect(
      await h[CHANNELS.saveNotebookAs]({ suggestedName: 'n.ipynb', base, edits: [{ cell: 0, source: 'y' }] }),
    ).toEqual({ saved: false });
    await expect(
      h[CHANNELS.saveNotebookAs]({ suggestedName: 'n.ipynb', base, edits: [{ cell: 9, source: 'y' }] }),
    ).rejects.toThrow('has no cell 9');
    expect(asked).toBe(1);
    expect(writes).toEqual([]);
  });
});

describe('a notebook whose cell metadata is nested 20,000 deep', () => {
  // Valid JSON that Jupyter writes and reads; the save's scanner once recursed into it and threw RangeError
  // (the review saw it at 5,000 in Electron's main; Node's larger stack needs more to show it).
  const DEPTH = 20_000;
  const deep = (...srcs: string[]) => {
    const text = dec.decode(notebook(...srcs));
    const nested = '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH);
    return enc.encode(text.replace('"metadata": {},\n   "outputs"', `"metadata": ${nested},\n   "outputs"`));
  };

  it('saves (Save, after a change on disk, and Save As), the metadata kept byte for byte', async () => {
    const base = deep('x = 1', 'dx = 0');
    expect(dec.decode(base)).toContain('{"a":{"a":');
    const { h, disk } = setup({ '/nb/deep.ipynb': base }, { chooseSavePath: async () => '/nb/copy.ipynb' });
    await h[CHANNELS.openNotebook]({ path: '/nb/deep.ipynb' });
    disk.set('/nb/deep.ipynb', deep('x = 100', 'dx = 0'));
    const r = await h[CHANNELS.saveNotebook]({ path: '/nb/deep.ipynb', base, edits: [{ cell: 1, source: 'dx = 2' }] });
    expect(r).toMatchObject({ saved: true, merged: true });
    expect(sources(disk.get('/nb/deep.ipynb')!)).toEqual(['x = 100', 'dx = 2']);
    const as = await h[CHANNELS.saveNotebookAs]({
      suggestedName: 'deep.ipynb',
      base,
      edits: [{ cell: 2, source: 'print(dx)' }],
    });
    expect(as).toMatchObject({ saved: true, path: '/nb/copy.ipynb' });
    const copy = dec.decode(disk.get('/nb/copy.ipynb')!);
    expect(sources(enc.encode(copy))).toEqual(['x = 1', 'dx = 0', 'print(dx)']);
    expect(copy.split('{"a":').length - 1).toBe(DEPTH); // the first cell's metadata, whole
  });
});

describe('the save requests main accepts', () => {
  const base = notebook('x');
  it.each([
    [CHANNELS.saveNotebook, { path: '/etc/passwd', base, edits: [] }, 'path must name a .ipynb or .py file'],
    [CHANNELS.saveNotebook, { path: '/a.py\0.txt', base, edits: [] }, 'path must name a .ipynb or .py file'],
    [CHANNELS.saveNotebook, { path: '/a.py', base: 'text', edits: [] }, 'base must be bytes'],
    [CHANNELS.saveNotebook, { path: '/a.py', base, edits: 'x' }, 'edits must be a list'],
    [CHANNELS.saveNotebook, { path: '/a.py', base, edits: [{ cell: -1, source: '' }] }, 'a cell index'],
    [CHANNELS.saveNotebook, { path: '/a.py', base, edits: [{ cell: 1.5, source: '' }] }, 'a cell index'],
    [CHANNELS.saveNotebook, { path: '/a.py', base, edits: [{ cell: 0, source: 1 }] }, 'source must be text'],
    [CHANNELS.saveNotebook, { path: '/a.py', base, edits: [], overwrite: 'yes' }, 'overwrite must be true or false'],
    [CHANNELS.saveNotebookAs, { suggestedName: '../x.ipynb', base, edits: [] }, 'plain .ipynb or .py file name'],
    [CHANNELS.saveNotebookAs, { suggestedName: 'x.json', base, edits: [] }, 'plain .ipynb or .py file name'],
    [CHANNELS.saveNotebookAs, null, 'expected an object'],
  ])('%s refuses %j', (channel, raw, message) => {
    expect(() => parseRequest[channel](raw)).toThrow(message);
  });

  it('passes a good request through with only the fields it knows', () => {
    const raw = { path: '/nb/a.ipynb', base, edits: [{ cell: 0, source: 'y', extra: 1 }], junk: true };
    expect(parseRequest[CHANNELS.saveNotebook](raw)).toEqual({
      path: '/nb/a.ipynb',
      base,
      edits: [{ cell: 0, source: 'y' }],
    });
  });
});

describe('saving onto a real disk, atomically', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bps-save-'));
  const realDeps = (fs: WriterFs = nodeFs) =>
    setup(
      {},
      {
        readBytes: async (p) => new Uint8Array(readFileSync(p)),
        writeFile: async (p, data) => writeFileAtomic(p, data, fs),
      },
    ).h;

  it('replaces the file whole, leaving no temporary file', async () => {
    const path = join(dir, 'real.ipynb');
    const base = notebook('x = 1', 'dx = 0');
    writeFileSync(path, base);
    const h = realDeps();
    await h[CHANNELS.openNotebook]({ path });
    await h[CHANNELS.saveNotebook]({ path, base, edits: [{ cell: 1, source: 'dx = 1' }] });
    expect(sources(new Uint8Array(readFileSync(path)))).toEqual(['x = 1', 'dx = 1']);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it.each(['writeSync', 'fsyncSync', 'renameSync'] as const)(
    'a disk fault at %s rejects with the file named, and leaves the old file as it was',
    async (call) => {
      const path = join(dir, `fault-${call}.ipynb`);
      const base = notebook('x = 1', 'dx = 0');
      writeFileSync(path, base);
      const faulty: WriterFs = {
        ...nodeFs,
        [call]: () => {
          throw Object.assign(new Error('injected'), { code: 'ENOSPC' });
        },
      };
      const h = realDeps(faulty);
      await h[CHANNELS.openNotebook]({ path });
      await expect(h[CHANNELS.saveNotebook]({ path, base, edits: [{ cell: 1, source: 'dx = 1' }] })).rejects.toThrow(
        `cannot write ${path}: no space left on the disk (ENOSPC)`,
      );
      expect(new Uint8Array(readFileSync(path))).toEqual(base);
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    },
  );
});

describe('closing a window with unsaved edits', () => {
  it('asks, with Cancel as the default and the answer for Escape', () => {
    const q = confirmLeave();
    expect(q.buttons[0]).toBe('Close without saving');
    expect(q.defaultId).toBe(q.cancelId);
    expect(q.buttons[q.cancelId]).toBe('Cancel');
  });
});
