/**
 * The exercise editor's CodeMirror extensions: Python with highlighting, undo/redo, search, bracket matching
 * and closing, line numbers, the verdict gutter, and the line of the player's step. Its colours are the app's
 * CSS variables, so one editor serves both themes (the theme switch restyles it without a rebuild).
 */
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { python } from '@codemirror/lang-python';
import { bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { StateEffect, StateField, type Extension } from '@codemirror/state';
import {
  Decoration,
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
  type DecorationSet,
} from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import { verdictGutter } from './verdict-gutter';

const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.definitionKeyword, t.operatorKeyword], color: 'var(--hl)' },
  { tag: [t.string, t.special(t.string)], color: 'var(--data-stroke)' },
  { tag: [t.number, t.bool, t.null], color: 'var(--approx-text)' },
  { tag: t.comment, color: 'var(--muted)', fontStyle: 'italic' },
  { tag: [t.function(t.variableName), t.function(t.propertyName)], color: 'var(--accent)' },
  { tag: t.definition(t.variableName), fontWeight: '600' },
  { tag: t.invalid, color: 'var(--error)' },
]);

const theme = EditorView.theme({
  '&': { color: 'var(--text)', backgroundColor: 'var(--bg)', height: '100%', fontSize: '12px' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '18px' },
  '.cm-content': { caretColor: 'var(--text)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
  '&.cm-focused': { outline: 'none' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': {
    backgroundColor: 'color-mix(in srgb, var(--accent) 28%, transparent) !important',
  },
  '.cm-gutters': { backgroundColor: 'var(--panel)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--panel-2) 55%, transparent)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--panel-2)', color: 'var(--text)' },
  '.cm-matchingBracket': { backgroundColor: 'var(--hl-bg)', outline: '1px solid var(--hl)' },
  '.cm-nonmatchingBracket': { color: 'var(--error)' },
  '.cm-searchMatch': { backgroundColor: 'color-mix(in srgb, var(--grad) 25%, transparent)' },
  '.cm-selectionMatch': { backgroundColor: 'var(--hl-bg)' },
  '.cm-panels': { backgroundColor: 'var(--panel)', color: 'var(--text)' },
  '.cm-panels.cm-panels-bottom': { borderTop: '1px solid var(--border)' },
  '.cm-panel input, .cm-panel button': { color: 'var(--text)', backgroundColor: 'var(--bg)' },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--text)', border: '1px solid var(--border)' },
  '.cm-verdict-gutter .cm-gutterElement': { padding: '0 3px', textAlign: 'center', minWidth: '18px' },
  '.verdict': { fontWeight: '700', cursor: 'help' },
  '.verdict-exact': { color: 'var(--ok)' },
  '.verdict-approx': { color: 'var(--approx-text)' },
  '.verdict-wrong, .verdict-shape, .verdict-error': { color: 'var(--error)' },
  '.verdict-pending': { color: 'var(--muted)' },
  '.cm-step-line': {
    backgroundColor: 'color-mix(in srgb, var(--grad) 16%, transparent)',
    boxShadow: 'inset 3px 0 0 var(--grad)',
  },
});

/** The lines (1-based, inclusive ranges) of the statements that write the player's current step's gradient. */
export const setStepLines = StateEffect.define<readonly { from: number; to: number }[]>();

const stepLines = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setStepLines)) continue;
      const doc = tr.state.doc;
      const marks = [];
      for (const r of e.value)
        for (let n = Math.max(1, r.from); n <= Math.min(doc.lines, r.to); n++)
          marks.push(Decoration.line({ class: 'cm-step-line' }).range(doc.line(n).from));
      return Decoration.set(marks, true);
    }
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

export function editorExtensions(onUpdate: Extension): Extension {
  return [
    lineNumbers(),
    verdictGutter(),
    highlightActiveLineGutter(),
    history(),
    drawSelection(),
    indentOnInput(),
    bracketMatching(),
    closeBrackets(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    python(),
    syntaxHighlighting(highlight),
    stepLines,
    theme,
    // An explicit tab stop: axe (and some screen readers) count a contenteditable as focusable only with one.
    EditorView.contentAttributes.of({ 'aria-label': 'Your backward pass (Python)', tabindex: '0' }),
    keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, indentWithTab]),
    onUpdate,
  ];
}
