/**
 * A notebook that is not UTF-8 (a cp1252 `é`, a Latin-1 export): the error names the byte that is wrong
 * and where, and finding it takes one pass over the file, not one decode per byte (which froze the app
 * for minutes on a 440 KB file).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { firstInvalidUtf8, parseNotebook } from '../../../core/notebook/parse';
import { rng } from '../../helpers/rng';

afterEach(() => vi.restoreAllMocks());

describe('a file that is not UTF-8', () => {
  it('names the cp1252 byte itself and its offset (0xe9 at 300000), not the newline after it', () => {
    const bytes = new Uint8Array(300_002).fill(0x61);
    bytes[300_000] = 0xe9;
    bytes[300_001] = 0x0a;
    expect(() => parseNotebook('caf.py', bytes)).toThrow(
      'caf.py: is not UTF-8 text (invalid byte 0xe9 at offset 300000)',
    );
  });

  it('is found in one pass: at most two decoders for a 440 KB cp1252 file', () => {
    // ASCII up to the last line, where the old report's decode-per-byte rescans cost the most.
    const text = 'resume = 1\n'.repeat(40_000) + 'caf\u00e9 = 2\n';
    const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0)); // Latin-1/cp1252: é is the single byte 0xe9
    const decoders = vi.spyOn(globalThis, 'TextDecoder');
    expect(() => parseNotebook('cv.py', bytes)).toThrow('(invalid byte 0xe9 at offset 440003)');
    expect(decoders.mock.calls.length).toBeLessThanOrEqual(2);
  });

  it.each([
    ['a stray continuation byte', [0x61, 0x80, 0x61], 1],
    ['an overlong slash', [0x61, 0xc0, 0xaf], 1],
    ['an overlong three-byte form', [0xe0, 0x80, 0x80], 0],
    ['a UTF-16 surrogate', [0x61, 0x62, 0xed, 0xa0, 0x80], 2],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a sequence cut off at the end', [0x61, 0xe2, 0x82], 1],
    ['0xff', [0xe2, 0x82, 0xac, 0xff], 3],
  ])('points at %s', (_what, bytes, offset) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(offset);
  });

  it('agrees with the fatal TextDecoder on 3,000 random byte strings', () => {
    const random = rng(0xe9);
    const alphabet = [0x41, 0x0a, 0x7f, 0x80, 0x9f, 0xa0, 0xbf, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff];
    for (let n = 0; n < 3000; n++) {
      const bytes = Uint8Array.from({ length: Math.floor(random() * 12) }, () =>
        random() < 0.5 ? alphabet[Math.floor(random() * alphabet.length)] : Math.floor(random() * 256),
      );
      const at = firstInvalidUtf8(bytes);
      const decodes = (b: Uint8Array) => {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(b);
          return true;
        } catch {
          return false;
        }
      };
      expect(decodes(bytes), `${[...bytes]}`).toBe(at === bytes.length);
      // Everything before the offset is whole UTF-8; the sequence starting there is not.
      expect(decodes(bytes.subarray(0, at)), `${[...bytes]}`).toBe(true);
    }
  });
});
