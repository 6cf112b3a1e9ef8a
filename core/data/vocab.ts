/**
 * The lecture's character vocabulary: `chars = sorted(list(set(''.join(words))))`, then '.' (start and
 * end of a name) is 0 and the characters follow from 1. For names.txt that is '.', a–z → 0–26, which the
 * rest of the app fixes as its 27-symbol vocabulary.
 */

export interface Vocab {
  /** Index → character; itos[0] is '.'. */
  readonly itos: readonly string[];
  /** Character → index. */
  readonly stoi: ReadonlyMap<string, number>;
}

/** Builds stoi/itos from the words exactly as the lecture does (code-point order, '.' first). */
export function buildVocab(words: readonly string[]): Vocab {
  const chars = new Set<string>();
  for (const w of words) for (const ch of w) chars.add(ch);
  if (chars.has('.')) throw new Error("words must not contain '.', it marks the start and end of a word");
  // Code-point order, like Python's sorted() (the default JS sort compares UTF-16 units).
  const sorted = [...chars].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
  const itos = ['.', ...sorted];
  return { itos, stoi: new Map(itos.map((ch, i) => [ch, i])) };
}

/** The vocabulary of names.txt, '.' and a–z: the one every model in the app uses. */
export const NAMES_VOCAB: Vocab = buildVocab(['abcdefghijklmnopqrstuvwxyz']);
export const itos: readonly string[] = NAMES_VOCAB.itos;
export const stoi: ReadonlyMap<string, number> = NAMES_VOCAB.stoi;
export const VOCAB_SIZE = itos.length;
