/** The lecture's character vocabulary: '.' (start/end) is 0, then a–z are 1–26. */

export const itos: readonly string[] = ['.', ...'abcdefghijklmnopqrstuvwxyz'];
export const stoi: ReadonlyMap<string, number> = new Map(itos.map((ch, i) => [ch, i]));
export const VOCAB_SIZE = itos.length;
