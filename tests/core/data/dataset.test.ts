import { describe, expect, it } from 'vitest';
import { buildDataset, parseWords, splitDatasets } from '../../../core/data/dataset';
import { loadNames } from '../../../core/data/load-names-node';
import { itos, stoi } from '../../../core/data/vocab';

describe('vocabulary', () => {
  it("'.' is 0 and a–z are 1–26", () => {
    expect(itos.length).toBe(27);
    expect(stoi.get('.')).toBe(0);
    expect(stoi.get('a')).toBe(1);
    expect(stoi.get('z')).toBe(26);
  });

  it('matches the lecture: sorted set of the characters in names.txt', () => {
    const chars = [...new Set(loadNames().join(''))].sort();
    expect(['.', ...chars]).toEqual(itos);
  });
});

describe('build_dataset', () => {
  it('slides a context window over each word and its closing dot', () => {
    const d = buildDataset(['emma'], 3);
    expect(d.rows).toBe(5);
    const rows = [...Array(d.rows).keys()].map((r) => [...d.X.subarray(r * 3, r * 3 + 3)].map((i) => itos[i]).join('') + '→' + itos[d.Y[r]]);
    expect(rows).toEqual(['...→e', '..e→m', '.em→m', 'emm→a', 'mma→.']);
  });
});

describe("the lecture's split", () => {
  const words = loadNames();

  it('has 32033 words', () => {
    expect(words.length).toBe(32033);
  });

  it('shuffles like random.seed(42); random.shuffle(words) and splits 80/10/10', () => {
    const { splits, shuffled } = splitDatasets(words, 3);
    expect(shuffled.slice(0, 5)).toEqual(['yuheng', 'diondre', 'xavien', 'jori', 'juanluis']);
    expect([splits.train.rows, splits.dev.rows, splits.test.rows]).toEqual([182625, 22655, 22866]);
    expect(splits.train.blockSize).toBe(3);
    // The original list is left alone (the shared copy must not be shuffled in place).
    expect(words[0]).toBe('emma');
  });
});

describe('bad input', () => {
  it.each([
    ['emma\nZoë\n', "names file line 2: 'Zoë' has the character \"Z\""],
    ['\n\n', 'names file has no words'],
    ['ann.a', "line 1: 'ann.a' has the character \".\""],
  ])('%j → %s', (text, message) => {
    expect(() => parseWords(text)).toThrow(message);
  });

  it('tolerates CRLF line endings and blank lines', () => {
    expect(parseWords('emma\r\n\r\nolivia\r\n')).toEqual(['emma', 'olivia']);
  });
});
