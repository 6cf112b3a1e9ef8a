/**
 * JSON.stringify as a stream of chunks, for outputs bigger than the largest string V8 can hold (about
 * 512 M characters: `dump --hidden 1024 --batch 1024 --block 16 --embd 64` is 1.25 GB). The text is
 * exactly JSON.stringify's (no indentation) for plain data: objects, arrays, strings, numbers, booleans,
 * null; undefined and functions are dropped from objects and become null in arrays, like JSON.stringify.
 */

/** About this many characters per chunk: big enough to write fast, small enough to never strain memory. */
export const CHUNK_CHARS = 1 << 16;

export function* jsonChunks(value: unknown): Generator<string> {
  let buffer = '';
  for (const piece of pieces(value)) {
    buffer += piece;
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

/** Array elements serialised per piece. */
const RUN = 4096;

const skipped = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** The JSON text of `value` in small pieces (one number, one key, one bracket). */
function* pieces(value: unknown): Generator<string> {
  if (value === null || typeof value !== 'object') {
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    yield* pieces((value as { toJSON(): unknown }).toJSON());
    return;
  }
  if (Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i += RUN) {
      // A run of elements at a time: the dump's arrays are millions of numbers.
      const run: string[] = [];
      for (let j = i; j < Math.min(value.length, i + RUN); j++) {
        const item: unknown = value[j];
        if (typeof item === 'number') run.push(Number.isFinite(item) ? String(item) : 'null');
        else if (skipped(item)) run.push('null');
        else run.push([...pieces(item)].join(''));
      }
      yield (i > 0 ? ',' : '') + run.join(',');
    }
    yield ']';
    return;
  }
  yield '{';
  let first = true;
  for (const [key, item] of Object.entries(value)) {
    if (skipped(item)) continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    yield* pieces(item);
  }
  yield '}';
}
