/**
 * The verdict gutter's state, without a DOM: a check's verdicts land only on the text they were checked on;
 * an edit marks its statement and the ones after it pending (the ones above keep theirs) and moves the marks
 * with their lines.
 */
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import type { LineVerdict } from '../../../core/notebook/exercise-types';
import {
  linesOfTarget,
  setVerdicts,
  verdictAtLine,
  verdictField,
  verdictSaid,
} from '../../../src-renderer/exercise/verdict-gutter';

const verdict = (line: number, v: LineVerdict['verdict'], target: string | null, endLine = line): LineVerdict => ({
  line,
  endLine,
  verdict: v,
  grad: target && `d${target}`,
  target,
  maxdiff: v === 'exact' ? 0 : null,
  message: `${target} ${v}`,
  diagnosis: null,
});

const TEXT = 'da = 1\ndb = 2\nfor i in x:\n  dc += i\ndd = 4';
const LINES = [
  verdict(1, 'exact', 'a'),
  verdict(2, 'wrong', 'b'),
  verdict(3, 'exact', 'c', 4),
  verdict(5, 'shape', 'd'),
];

function checked(text = TEXT): EditorState {
  const s = EditorState.create({ doc: text, extensions: [verdictField] });
  return s.update({ effects: setVerdicts.of({ text, lines: LINES }) }).state;
}
const shown = (s: EditorState) => Array.from({ length: s.doc.lines }, (_, i) => verdictAtLine(s, i + 1)?.shown ?? null);

describe('the verdict gutter', () => {
  it('shows a check of the text on screen, a statement over all its lines', () => {
    expect(shown(checked())).toEqual(['exact', 'wrong', 'exact', 'exact', 'shape']);
    expect(linesOfTarget(checked(), 'c')).toEqual([{ from: 3, to: 4 }]);
  });

  it('ignores a check of other text (a newer check is on its way)', () => {
    const s = EditorState.create({ doc: TEXT, extensions: [verdictField] });
    expect(shown(s.update({ effects: setVerdicts.of({ text: 'da = 1', lines: LINES }) }).state)).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('marks the edited statement and the later ones pending, and keeps the earlier ones', () => {
    const s = checked();
    const at = s.doc.line(4).to;
    const edited = s.update({ changes: { from: at, insert: ' * 2' } }).state;
    expect(shown(edited)).toEqual(['exact', 'wrong', 'pending', 'pending', 'pending']);
  });

  it('moves the marks with their lines when a line is inserted above', () => {
    const s = checked();
    const edited = s.update({ changes: { from: s.doc.line(2).from, insert: 'x = 0\n' } }).state;
    expect(shown(edited)).toEqual(['exact', null, 'pending', 'pending', 'pending', 'pending']);
    expect(linesOfTarget(edited, 'd')).toEqual([{ from: 6, to: 6 }]);
  });
});

describe('what a mark says on hover', () => {
  it('says "checking…" only while its statement is re-checked', () => {
    expect(verdictSaid('pending', true, 'da wrong', null).said).toBe('checking…');
    expect(verdictSaid('wrong', false, 'da wrong', 0.5)).toEqual({
      title: 'wrong · maxdiff 0.5\nda wrong',
      said: 'da wrong',
    });
  });

  it("a check's own pending verdict says why, not checking…", () => {
    const why = 'not run: line 4 stopped the cell';
    expect(verdictSaid('pending', false, why, null)).toEqual({ title: `not checked yet\n${why}`, said: why });
  });
});
