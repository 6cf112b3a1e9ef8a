import { describe, expect, it } from 'vitest';
import { buildDataset, parseWords, splitDatasets, splitWords, type Dataset } from '../../../core/data/dataset';
import { loadNames } from '../../../cli/load-names';
import { itos } from '../../../core/data/vocab';
import { rng, type SplitFixture } from '../random/rng-fixture';

const rowsOf = (d: Dataset, from: number, to: number) =>
  [...Array(to - from).keys()].map((i) => [...d.X.subarray((from + i) * d.blockSize, (from + i + 1) * d.blockSize)]);

describe('build_dataset', () => {
  it('slides a context window over each word and its closing dot', () => {
    const d = buildDataset(['emma'], 3);
    const rows = rowsOf(d, 0, d.rows).map((ctx, r) => ctx.map((i) => itos[i]).join('') + '→' + itos[d.Y[r]]);
    expect(rows).toEqual(['...→e', '..e→m', '.em→m', 'emm→a', 'mma→.']);
  });

  it('rejects a block size below 1', () => {
    expect(() => buildDataset(['emma'], 0)).toThrow('blockSize must be a positive integer');
  });
});

describe("the lecture's split of names.txt", () => {
  const words = loadNames();

  it(`has ${rng.names.num_words} words`, () => {
    expect(words.length).toBe(rng.names.num_words);
  });

  it.each(rng.python)('random.Random($seed).shuffle(words) puts the same names first and last', (c) => {
    const { shuffled } = splitWords(words, BigInt(c.seed));
    expect(shuffled.slice(0, 5)).toEqual(c.names_first);
    expect(shuffled.slice(-3)).toEqual(c.names_last);
  });

  it('random.seed(42): yuheng, diondre, xavien, jori, juanluis; n1 and n2 as int(0.8 n), int(0.9 n)', () => {
    const w = splitWords(words);
    expect(w.shuffled.slice(0, 5)).toEqual(['yuheng', 'diondre', 'xavien', 'jori', 'juanluis']);
    expect([w.train.length, w.train.length + w.dev.length]).toEqual([rng.names.n1, rng.names.n2]);
    expect(w.test.length).toBe(words.length - rng.names.n2);
    expect(words[0]).toBe('emma'); // the shared list is not shuffled in place
  });

  it('block size 3 gives 182625 / 22655 / 22866 rows, as in the lecture', () => {
    const { splits } = splitDatasets(words, 3);
    expect([splits.train.rows, splits.dev.rows, splits.test.rows]).toEqual([182625, 22655, 22866]);
  });

  describe.each(rng.names.splits)('block size $block_size, against Python', (fx) => {
    const { splits } = splitDatasets(words, fx.block_size);
    it.each(['train', 'dev', 'test'] as const)('%s', (name) => {
      const d = splits[name];
      const want: SplitFixture = fx[name];
      expect([d.rows, d.blockSize]).toEqual(want.shape);
      expect(rowsOf(d, 0, 8)).toEqual(want.X_first);
      expect([...d.Y.subarray(0, 8)]).toEqual(want.Y_first);
      expect(rowsOf(d, d.rows - 2, d.rows)).toEqual(want.X_last);
      expect([...d.Y.subarray(d.rows - 2)]).toEqual(want.Y_last);
      expect(d.Y.reduce((a, b) => a + b, 0)).toBe(want.Y_sum);
    });
  });
});

describe('bad input', () => {
  it.each([
    ['emma\nZoë\n', "names file line 2: 'Zoë' has the character \"Z\""],
    ['emma\n\nzoë\n', "names file line 3: 'zoë' has the character \"ë\""],
    ['\n\n', 'names file has no words'],
    ['', 'names file has no words'],
    ['ann.a', "line 1: 'ann.a' has the character \".\""],
    ['ann a', "line 1: 'ann a' has the character \" \""],
  ])('%j → %s', (text, message) => {
    expect(() => parseWords(text)).toThrow(message);
  });

  it('trims lines and tolerates CRLF line endings and blank lines', () => {
    expect(parseWords('emma\r\n\r\n  olivia \r\n')).toEqual(['emma', 'olivia']);
  });

  it('buildDataset names a word with a character outside the vocabulary', () => {
    expect(() => buildDataset(['emma', 'zoë'], 3)).toThrow("'zoë' has the character \"ë\", which is not in the vocabulary");
  });
});
