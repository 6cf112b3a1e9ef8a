/**
 * File → Open notebook… in main: the open-notebook channel through its contract, main's read of the
 * notebook and of only the relative files it names, and the recent-files list. A fake file system stands
 * in for the disk, so every read main makes is visible.
 */
import { describe, expect, it } from 'vitest';
import { CHANNELS, parseRequest } from '../../src-common/ipc-contract';
import { createHandlers, type HandlerDeps } from '../../src-main/ipc-handlers';
import { OpenedFiles } from '../../src-main/opened-files';
import { readNotebookFile, type ReadBytes } from '../../src-main/notebook-reader';
import { parseRecent, withRecent, MAX_RECENT } from '../../src-main/recent-files';

const enc = new TextEncoder();
const notebook = (code: string) =>
  enc.encode(
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [{ cell_type: 'code', source: code, metadata: {}, outputs: [] }],
    }),
  );

function fakeDisk(files: Record<string, Uint8Array>) {
  const reads: string[] = [];
  const read: ReadBytes = async (path, limit) => {
    reads.push(path);
    const f = files[path];
    return f && f.length <= limit ? f : null;
  };
  return { read, reads };
}

describe('reading a notebook in main', () => {
  it('reads the notebook and exactly the relative files its code names, against its own folder', async () => {
    const names = enc.encode('emma\nolivia\n');
    const { read, reads } = fakeDisk({
      '/home/me/course/nb/mine.ipynb': notebook(
        "words = open('../names.txt').read().splitlines()\nx = open('data/extra.csv')",
      ),
      '/home/me/course/names.txt': names,
      '/home/me/course/nb/secret.txt': enc.encode('not named'),
    });
    const file = await readNotebookFile('/home/me/course/nb/mine.ipynb', read);
    expect(file.name).toBe('mine.ipynb');
    expect(file.files).toEqual({ '../names.txt': names, 'data/extra.csv': null });
    expect(reads.sort()).toEqual([
      '/home/me/course/names.txt',
      '/home/me/course/nb/data/extra.csv',
      '/home/me/course/nb/mine.ipynb',
    ]);
  });

  it('hands a file that is not a notebook to the page as it is, reading nothing else', async () => {
    const { read, reads } = fakeDisk({ '/tmp/broken.ipynb': enc.encode('{"cells": [') });
    expect(await readNotebookFile('/tmp/broken.ipynb', read)).toMatchObject({ name: 'broken.ipynb', files: {} });
    expect(reads).toEqual(['/tmp/broken.ipynb']);
  });

  it('says so when the notebook itself cannot be read', async () => {
    await expect(readNotebookFile('/gone/x.py', fakeDisk({}).read)).rejects.toThrow('x.py: could not be read');
  });
});

describe('what a notebook may make main read', () => {
  it('nothing above the folder over its notebook, whatever the extension', async () => {
    const { read, reads } = fakeDisk({
      '/home/me/course/nb/a.ipynb': notebook(
        "open('../../../../../../../../etc/ld.so.conf')\nopen('../../.ssh/id.pub')",
      ),
      '/etc/ld.so.conf': enc.encode('include /etc/ld.so.conf.d/*.conf'),
    });
    const file = await readNotebookFile('/home/me/course/nb/a.ipynb', read);
    expect(reads).toEqual(['/home/me/course/nb/a.ipynb']);
    expect(Object.values(file.files ?? {}).filter((f) => f instanceof Uint8Array)).toEqual([]);
  });

  it('one 20 MB file named 50 ways costs at most 64 MB, and every file past the budget is refused', async () => {
    const big = new Uint8Array(20 * 1024 * 1024);
    const code = Array.from({ length: 50 }, (_, i) => `open('${'./'.repeat(i)}big.txt')`).join('\n');
    const { read } = fakeDisk({ '/nb/a.ipynb': notebook(code), '/nb/big.txt': big });
    const file = await readNotebookFile('/nb/a.ipynb', read);
    const held = Object.values(file.files ?? {}).reduce((n, f) => n + (f instanceof Uint8Array ? f.length : 0), 0);
    expect(held).toBeLessThanOrEqual(64 * 1024 * 1024);
    expect(held).toBe(3 * big.length);
  });

  it('reads no file past the budget: the 20 MB file named 50 ways is read 3 times, then refused by its size unread', async () => {
    const big = new Uint8Array(20 * 1024 * 1024);
    const code = Array.from({ length: 50 }, (_, i) => `open('${'./'.repeat(i)}big.txt')`).join('\n');
    const disk: Record<string, Uint8Array> = { '/nb/a.ipynb': notebook(code), '/nb/big.txt': big };
    let bigRead = 0;
    // As src-node/read-regular.ts does: a file over the limit is refused with its size, without reading it.
    const read: ReadBytes = async (path, limit) => {
      const f = disk[path];
      if (!f) return null;
      if (f.length > limit) return { refused: 'too large', size: f.length };
      if (f === big) bigRead++;
      return f;
    };
    const file = await readNotebookFile('/nb/a.ipynb', read);
    expect(bigRead).toBe(3);
    const refusals = Object.values(file.files ?? {}).filter((f) => f !== null && !(f instanceof Uint8Array));
    expect(refusals).toHaveLength(32 - 3);
    for (const r of refusals) expect(r).toEqual({ refused: "the notebook's files would pass 64 MB together" });
  });
});

describe('the open-notebook channel', () => {
  const deps = (over: Partial<HandlerDeps>): HandlerDeps => ({
    chooseNotebookPath: async () => null,
    readBytes: async () => null,
    opened: () => {},
    openedFiles: new OpenedFiles(),
    droppedPaths: new Set(),
    chooseSavePath: async () => null,
    exists: async () => false,
    writeFile: async () => {},
    appInfo: () => ({ name: '', version: '', mode: 'electron', versions: {} }),
    setTheme: () => {},
    openExternal: async () => {},
    ...over,
  });

  it('shows the dialog, reads the chosen file and remembers it as recent', async () => {
    const opened: string[] = [];
    const { read } = fakeDisk({ '/nb/a.py': enc.encode('print(1)\n') });
    const h = createHandlers(
      deps({ chooseNotebookPath: async () => '/nb/a.py', readBytes: read, opened: (p) => opened.push(p) }),
    );
    const file = await h[CHANNELS.openNotebook]({});
    expect(file).toEqual({ name: 'a.py', bytes: enc.encode('print(1)\n'), files: {}, path: '/nb/a.py' });
    expect(opened).toEqual(['/nb/a.py']);
  });

  it('answers null when the dialog is cancelled, and opens a dropped path without a dialog', async () => {
    let asked = 0;
    const { read } = fakeDisk({ '/nb/b.py': enc.encode('x = 1\n') });
    const h = createHandlers(
      deps({ chooseNotebookPath: async () => (asked++, null), readBytes: read, droppedPaths: new Set(['/nb/b.py']) }),
    );
    expect(await h[CHANNELS.openNotebook]({})).toBeNull();
    expect((await h[CHANNELS.openNotebook]({ path: '/nb/b.py' }))?.name).toBe('b.py');
    expect(asked).toBe(1);
  });

  it('refuses a path the page names that was not dropped on the window (the preload is not the only check)', async () => {
    const opened: string[] = [];
    const { read } = fakeDisk({ '/home/me/.config/startup.py': enc.encode('x = 1\n') });
    const h = createHandlers(deps({ readBytes: read, opened: (p) => opened.push(p), droppedPaths: new Set() }));
    await expect(h[CHANNELS.openNotebook]({ path: '/home/me/.config/startup.py' })).rejects.toThrow(
      'only a file dropped on the window can be opened by its path',
    );
    expect(opened).toEqual([]);
  });

  it.each([
    [{ path: '/etc/passwd' }, 'must name a .ipynb or .py file'],
    [{ path: 42 }, 'must name a .ipynb or .py file'],
    [{ path: '/x.py\0.txt' }, 'must name a .ipynb or .py file'],
    [null, 'expected an object'],
  ])('refuses a malformed request %#', (raw, message) => {
    expect(() => parseRequest[CHANNELS.openNotebook](raw)).toThrow(message);
  });
});

describe('recent notebooks', () => {
  it('puts the latest first, once, and keeps at most MAX_RECENT', () => {
    expect(withRecent(['/a', '/b', '/c'], '/b')).toEqual(['/b', '/a', '/c']);
    const many = Array.from({ length: MAX_RECENT }, (_, i) => `/n${i}`);
    const next = withRecent(many, '/new');
    expect(next).toHaveLength(MAX_RECENT);
    expect(next[0]).toBe('/new');
    expect(next).not.toContain(`/n${MAX_RECENT - 1}`);
  });

  it('reads a saved list, and an empty one from a damaged file', () => {
    expect(parseRecent('["/a.ipynb", 3, "/b.py"]')).toEqual(['/a.ipynb', '/b.py']);
    expect(parseRecent('{"not": "a list"}')).toEqual([]);
    expect(parseRecent('[truncated')).toEqual([]);
  });
});
