/**
 * The names dataset as makemore builds it: words → rows of (the blockSize previous characters, the next
 * character), after `random.seed(42); random.shuffle(words)` and an 80/10/10 split of the words.
 */
import { PythonRandom } from '../random/python-random';
import { NAMES_VOCAB } from './vocab';

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

export interface WordSplits {
  /** All words in shuffled order; train, dev and test are consecutive slices of it. */
  shuffled: string[];
  train: string[];
  dev: string[];
  test: string[];
}

/** One word per line, trimmed; blank lines are skipped. Throws naming the line for anything outside a–z. */
export function parseWords(text: string): string[] {
  const words: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const w = lines[i].trim();
    if (w === '') continue;
    for (const ch of w) {
      if (ch < 'a' || ch > 'z') {
        throw new Error(`names file line ${i + 1}: '${w}' has the character ${JSON.stringify(ch)}; only a–z are allowed`);
      }
    }
    words.push(w);
  }
  if (words.length === 0) throw new Error('names file has no words');
  return words;
}

/** makemore's build_dataset: a context of '.'s slides over each word and its closing '.'. */
export function buildDataset(words: readonly string[], blockSize: number, stoi = NAMES_VOCAB.stoi): Dataset {
  if (!Number.isInteger(blockSize) || blockSize < 1) throw new RangeError(`blockSize must be a positive integer, got ${blockSize}`);
  let rows = 0;
  for (const w of words) rows += w.length + 1;
  const X = new Int32Array(rows * blockSize);
  const Y = new Int32Array(rows);
  const context = new Int32Array(blockSize);
  let r = 0;
  for (const w of words) {
    context.fill(0);
    for (const ch of w + '.') {
      const ix = stoi.get(ch);
      if (ix === undefined) throw new Error(`'${w}' has the character ${JSON.stringify(ch)}, which is not in the vocabulary`);
      X.set(context, r * blockSize);
      Y[r++] = ix;
      context.copyWithin(0, 1);
      context[blockSize - 1] = ix;
    }
  }
  return { X, Y, rows, blockSize };
}

/**
 * `random.seed(seed); random.shuffle(words)`, then `n1 = int(0.8*len(words))`, `n2 = int(0.9*len(words))`:
 * train = words[:n1], dev = words[n1:n2], test = words[n2:]. The input array is left as it is.
 */
export function splitWords(words: readonly string[], seed: number | bigint = 42): WordSplits {
  const shuffled = new PythonRandom(seed).shuffle([...words]);
  // 0.8 * n in double, truncated, as Python's int() does for these non-negative values.
  const n1 = Math.trunc(0.8 * shuffled.length);
  const n2 = Math.trunc(0.9 * shuffled.length);
  return { shuffled, train: shuffled.slice(0, n1), dev: shuffled.slice(n1, n2), test: shuffled.slice(n2) };
}

const cache = new WeakMap<readonly string[], Map<string, { splits: Splits; shuffled: string[] }>>();

/**
 * The lecture's three datasets for one block size. Results are cached per words array (the shipped list
 * is shared), so callers must not mutate them.
 */
export function splitDatasets(words: readonly string[], blockSize: number, seed = 42): { splits: Splits; shuffled: string[] } {
  const byKey = cache.get(words) ?? new Map<string, { splits: Splits; shuffled: string[] }>();
  cache.set(words, byKey);
  const key = `${seed}:${blockSize}`;
  const hit = byKey.get(key);
  if (hit) return hit;
  const w = splitWords(words, seed);
  const result = {
    splits: { train: buildDataset(w.train, blockSize), dev: buildDataset(w.dev, blockSize), test: buildDataset(w.test, blockSize) },
    shuffled: w.shuffled,
  };
  byKey.set(key, result);
  return result;
}
