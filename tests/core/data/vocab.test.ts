import { describe, expect, it } from 'vitest';
import { loadNames } from '../../../cli/load-names';
import { buildVocab, itos, stoi, VOCAB_SIZE } from '../../../core/data/vocab';
import { rng } from '../random/rng-fixture';

describe('vocabulary', () => {
  it("names.txt gives the lecture's itos ('.' = 0, a–z = 1–26), as recorded from Python", () => {
    expect(buildVocab(loadNames()).itos).toEqual(rng.names.itos);
    expect(itos).toEqual(rng.names.itos);
    expect(VOCAB_SIZE).toBe(27);
    expect([stoi.get('.'), stoi.get('a'), stoi.get('z')]).toEqual([0, 1, 26]);
  });

  it('builds from the sorted set of characters in the words', () => {
    const v = buildVocab(['zoe', 'bob']);
    expect(v.itos).toEqual(['.', 'b', 'e', 'o', 'z']);
    expect(v.stoi.get('o')).toBe(3);
  });

  it("refuses words containing '.'", () => {
    expect(() => buildVocab(['a.b'])).toThrow("words must not contain '.'");
  });
});
