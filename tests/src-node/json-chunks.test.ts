/** The streamed JSON is JSON.stringify's text, cut into bounded chunks (never one string of the whole). */
import { describe, expect, it } from 'vitest';
import { loadNames } from '../../cli/load-names';
import { DEFAULT_CONFIG } from '../../core/mlp/config';
import { runLecture } from '../../core/mlp/run';
import { CHUNK_CHARS, jsonChunks } from '../../src-node/json-chunks';

const text = (v: unknown) => [...jsonChunks(v)].join('');

describe('jsonChunks', () => {
  it.each([
    ['scalars', [0, -1.5, 1e-7, 3.5571470260620117, 'a"b\\c\n', true, false, null]],
    ['non-finite numbers', [NaN, Infinity, -Infinity]],
    ['holes and dropped values', { a: undefined, b: () => 1, c: [undefined, () => 1], d: 'kept' }],
    ['nesting', { a: { b: [[1, 2], [], {}], 'odd key"': { c: null } }, e: [] }],
    ['empty', {}],
    ['a date (toJSON)', { when: new Date(0) }],
  ])('matches JSON.stringify: %s', (_what, value) => {
    expect(text(value)).toBe(JSON.stringify(value));
  });

  it('matches JSON.stringify on a real dump, in chunks of bounded size', () => {
    const dump = runLecture({ ...DEFAULT_CONFIG, n_hidden: 256, batch_size: 256 }, loadNames());
    const expected = JSON.stringify(dump);
    const chunks = [...jsonChunks(dump)];
    expect(chunks.join('')).toBe(expected);
    expect(chunks.length).toBeGreaterThan(expected.length / (2 * CHUNK_CHARS));
    // A run of numbers is at most 4096 × 25 characters past the chunk size.
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(CHUNK_CHARS + 4096 * 25);
  });
});
