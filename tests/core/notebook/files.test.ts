/**
 * What a notebook may have the host read: files named in its code, inside its own folder or one level up,
 * at most MAX_READ_FILES of them and MAX_READ_BYTES together; everything else it names is a note.
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_LISTED_REFUSALS,
  MAX_MODULE_LOOKUPS,
  MAX_READ_BYTES,
  MAX_READ_FILES,
  notebookFiles,
  notebookReads,
  ReadBudget,
} from '../../../core/notebook/files';
import type { PythonRuntimeApi } from '../../../core/notebook/python-api';
import { parseNotebook } from '../../../core/notebook/parse';
import { rng } from '../../helpers/rng';

const py = (code: string) => parseNotebook('nb.py', new TextEncoder().encode(code));

describe('notebookReads', () => {
  it('reads its own folder and the one above, and refuses every other place it names', () => {
    const r = notebookReads(
      py(
        [
          "open('names.txt')",
          "open('./data/train.csv')",
          "open('../names.txt')",
          "open('../data/names.txt')",
          "open('../../../../../../../../etc/ld.so.conf')",
          "open('data/../../../secret.txt')",
          "open('../')",
          "open('/etc/passwd.txt')",
          "open('~/.ssh/id_rsa.pub')",
        ].join('\n'),
      ),
    );
    expect(r.paths).toEqual(['names.txt', './data/train.csv', '../names.txt', '../data/names.txt']);
    expect(r.refused.map((x) => x.path).sort()).toEqual([
      '../../../../../../../../etc/ld.so.conf',
      '/etc/passwd.txt',
      'data/../../../secret.txt',
      '~/.ssh/id_rsa.pub',
    ]);
    for (const x of r.refused) expect(x.why).toBe("it is outside the notebook's folder and the one above it");
  });

  it(`names at most ${MAX_READ_FILES} files; the rest are refused, saying why`, () => {
    const code = Array.from({ length: 50 }, (_, i) => `open('${'./'.repeat(i)}big.txt')`).join('\n');
    const r = notebookReads(py(code));
    expect(r.paths).toHaveLength(MAX_READ_FILES);
    expect(r.refused).toHaveLength(50 - MAX_READ_FILES);
    expect(r.refused[0].why).toBe(`the notebook names more than ${MAX_READ_FILES} files`);
  });
});

describe('ReadBudget', () => {
  it(`passes files until together they would pass ${MAX_READ_BYTES / 1024 / 1024} MB, then refuses`, () => {
    const budget = new ReadBudget();
    const twenty = new Uint8Array(20 * 1024 * 1024);
    const got = Array.from({ length: 5 }, () => budget.take(twenty));
    expect(got.slice(0, 3).every((g) => g === twenty)).toBe(true);
    expect(got.slice(3)).toEqual([
      { refused: "the notebook's files would pass 64 MB together" },
      { refused: "the notebook's files would pass 64 MB together" },
    ]);
    expect(budget.take(null)).toBeNull();
    expect(budget.take(new Uint8Array(10))).toHaveLength(10); // small files still fit under the limit
  });

  it('lowers the read limit to what is left, and words a file refused unread past it as the budget', () => {
    const budget = new ReadBudget();
    const max = 32 * 1024 * 1024;
    expect(budget.limit(max)).toBe(max);
    budget.take(new Uint8Array(60 * 1024 * 1024));
    expect(budget.limit(max)).toBe(4 * 1024 * 1024);
    // What a reader answers for a 20 MB file over a 4 MB limit: its size, unread.
    expect(budget.take({ refused: 'it is larger than 4 MB', size: 20 * 1024 * 1024 })).toEqual({
      refused: "the notebook's files would pass 64 MB together",
    });
    // A refusal the budget did not cause keeps its own words.
    expect(budget.take({ refused: 'it is not a regular file' })).toEqual({ refused: 'it is not a regular file' });
    expect(budget.take({ refused: 'it is larger than 4 MB', size: 1024 })).toEqual({
      refused: 'it is larger than 4 MB',
      size: 1024,
    });
  });
});

describe('notebookFiles', () => {
  it('puts what was read in place and turns every refusal into a note', () => {
    const written: Record<string, string> = {};
    const fakePy = {
      FS: {
        mkdirTree: () => {},
        writeFile: (p: string, c: Uint8Array | string) =>
          (written[p] = typeof c === 'string' ? c : new TextDecoder().decode(c)),
      },
    } as unknown as PythonRuntimeApi;
    const nb = py("open('x.csv'); open('pipe.txt'); open('../../../etc/ld.so.conf')");
    const notes = notebookFiles(
      fakePy,
      nb,
      '/home/nb',
      (rel) => (rel === 'x.csv' ? new TextEncoder().encode('1,2') : { refused: 'it is not a regular file' }),
      'emma',
    );
    expect(written).toEqual({ '/home/nb/x.csv': '1,2' });
    expect(notes).toEqual([
      '../../../etc/ld.so.conf was not read: it is outside the notebook\'s folder and the one above it (see "Running a notebook runs its code" in the README)',
      'pipe.txt was not read: it is not a regular file (see "Running a notebook runs its code" in the README)',
    ]);
  });

  it(`lists at most ${MAX_LISTED_REFUSALS} refused paths, then says there were more`, () => {
    const fakePy = { FS: { mkdirTree: () => {}, writeFile: () => {} } } as unknown as PythonRuntimeApi;
    // 100,000 files named, and as many outside the folder: 32 read, 32 refusals listed, one note for the rest.
    const nb = py(Array.from({ length: 100_000 }, (_, i) => `open('f${i}.txt'); open('/etc/f${i}.txt')`).join('\n'));
    const r = notebookReads(nb);
    expect([r.paths.length, r.refused.length, r.more]).toEqual([MAX_READ_FILES, MAX_LISTED_REFUSALS, true]);
    const notes = notebookFiles(fakePy, nb, '/home/nb', () => null, 'emma');
    expect(notes).toHaveLength(MAX_LISTED_REFUSALS + 1);
    expect(notes[MAX_LISTED_REFUSALS]).toBe(
      `More paths its code names were not read: only the first ${MAX_LISTED_REFUSALS} are listed (see "Running a notebook runs its code" in the README)`,
    );
  });

  it('says how many module files it did not look for, past the limit', () => {
    const fakePy = { FS: { mkdirTree: () => {}, writeFile: () => {} } } as unknown as PythonRuntimeApi;
    const nb = py(Array.from({ length: 200 }, (_, i) => `import m${i}`).join('\n'));
    expect(notebookFiles(fakePy, nb, '/home/nb', () => null, 'emma')).toEqual([
      `${400 - MAX_MODULE_LOOKUPS} module files its imports could load were not looked for: at most ${MAX_MODULE_LOOKUPS} are, and ${MAX_READ_FILES} read (see "Running a notebook runs its code" in the README)`,
    ]);
  });
});

describe('finding the paths a notebook names, in linear time', () => {
  // The regular expressions the quoted-string scan replaced (they backtracked for minutes on a string of a
  // megabyte of `../`): on short random code, the paths and refusals they gave are the ones given now.
  const OLD_LITERAL = /(["'])((?:\.{1,2}\/)*[\w .-]+(?:\/[\w .-]+)*\.[A-Za-z][A-Za-z0-9]{0,7})\1/g;
  const OLD_ABSOLUTE = /(["'])((?:~|[A-Za-z]:)?\/[\w .-]+(?:\/[\w .-]+)*\.[A-Za-z][A-Za-z0-9]{0,7})\1/g;
  const oldNamed = (source: string) => ({
    absolute: [...source.matchAll(OLD_ABSOLUTE)].map((m) => m[2]),
    relative: [...source.matchAll(OLD_LITERAL)].map((m) => m[2]),
  });

  it('finds what the old expressions found, on 5,000 random cells', () => {
    const random = rng(0x2e);
    let found = 0;
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
    // A quoted path-like string (roots, `..`, odd names and extensions), its closing quote sometimes wrong or missing.
    const quoted = () => {
      const q = pick(["'", '"']);
      const names = Array.from({ length: 1 + Math.floor(random() * 4) }, () =>
        pick(['..', '.', 'a', 'data', 'a b', 'x-y', 'é', '', '\\']),
      );
      const path = pick(['', '', '/', '~/', 'C:/']) + names.join('/') + pick(['.txt', '.csv', '', '.abcdefghi', '.1x']);
      return q + path + pick([q, q, q, q === '"' ? "'" : '"', '']);
    };
    const noise = () => pick([' ', '(', ', ', '\n', 'x = ', "'", '"']);
    for (let n = 0; n < 5000; n++) {
      const source = Array.from({ length: 1 + Math.floor(random() * 6) }, () =>
        random() < 0.6 ? quoted() : noise(),
      ).join('');
      const { absolute, relative } = oldNamed(source);
      const r = notebookReads(py(source));
      const named = [...r.paths, ...r.refused.map((x) => x.path)].sort();
      expect(named, JSON.stringify(source)).toEqual([...new Set([...absolute, ...relative])].sort());
      found += named.length;
    }
    expect(found).toBeGreaterThan(1000); // the pieces do make paths
  });
});
