/**
 * The names dataset as the lecture builds it: words → (context of block_size previous characters,
 * next character) rows, after `random.seed(42); random.shuffle(words)` and an 80/10/10 split.
 */
import { PythonRandom } from '../random/python-random';
import { stoi } from './vocab';

export interface Dataset {
  /** rows × blockSize context indices, row-major. */
  X: Int32Array;
  /** The next character for each row. */
  Y: Int32Array;
  rows: number;
  blockSize: number;
}

export interface Splits {
  train: Dataset;
  dev: Dataset;
  test: Dataset;
}

/** One word per line; blank lines are skipped. Throws naming the line for anything outside a–z. */
export function parseWords(text: string): string[] {
  const words: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const w = line.trim();
    if (w === '') return;
    const bad = [...w].find((ch) => !stoi.has(ch) || ch === '.');
    if (bad !== undefined) throw new Error(`names file line ${i + 1}: '${w}' has the character ${JSON.stringify(bad)}; only a–z are allowed`);
    words.push(w);
  });
  if (words.length === 0) throw new Error('names file has no words');
  return words;
}

/** makemore's build_dataset: a sliding context window over each word followed by '.'. */
export function buildDataset(words: readonly string[], blockSize: number): Dataset {
  let rows = 0;
  for (const w of words) rows += w.length + 1;
  const X = new Int32Array(rows * blockSize);
  const Y = new Int32Array(rows);
  const context = new Int32Array(blockSize);
  let r = 0;
  for (const w of words) {
    context.fill(0);
    for (const ch of w + '.') {
      const ix = stoi.get(ch)!;
      X.set(context, r * blockSize);
      Y[r++] = ix;
      context.copyWithin(0, 1);
      context[blockSize - 1] = ix;
    }
  }
  return { X, Y, rows, blockSize };
}

const cache = new WeakMap<readonly string[], Map<number, { splits: Splits; shuffled: string[] }>>();

/** The lecture's split: shuffle with Python's random.seed(42), then 80% / 10% / 10% of the words. */
export function splitDatasets(words: readonly string[], blockSize: number): { splits: Splits; shuffled: string[] } {
  const byBlock = cache.get(words) ?? new Map();
  cache.set(words, byBlock);
  const hit = byBlock.get(blockSize);
  if (hit) return hit;
  const shuffled = new PythonRandom(42).shuffle([...words]);
  const n1 = Math.floor(0.8 * shuffled.length);
  const n2 = Math.floor(0.9 * shuffled.length);
  const result = {
    splits: {
      train: buildDataset(shuffled.slice(0, n1), blockSize),
      dev: buildDataset(shuffled.slice(n1, n2), blockSize),
      test: buildDataset(shuffled.slice(n2), blockSize),
    },
    shuffled,
  };
  byBlock.set(blockSize, result);
  return result;
}
