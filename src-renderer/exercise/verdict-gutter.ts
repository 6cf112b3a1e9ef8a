/**
 * The exercise editor's verdict gutter: one mark per statement (icon + colour + the message on hover), from
 * the latest check of the text on screen. An edit marks the statements from the edited line on as pending
 * (the ones above it cannot change: statements run in order) until the check of the new text lands; a check
 * of older text than the editor holds is ignored, a newer one is on its way.
 */
import { RangeSet, StateEffect, StateField, type EditorState, type Extension } from '@codemirror/state';
import { gutter, GutterMarker } from '@codemirror/view';
import type { LineVerdict, LineVerdictKind } from '../../core/notebook/exercise-types';

/** Icon and words for each verdict: the gutter is never colour alone. */
export const VERDICT_MARK: Record<LineVerdictKind, { icon: string; label: string }> = {
  exact: { icon: '✓', label: 'exact' },
  approx: { icon: '≈', label: 'approximately equal' },
  wrong: { icon: '✗', label: 'wrong' },
  shape: { icon: '⊠', label: 'wrong shape' },
  error: { icon: '!', label: 'error' },
  pending: { icon: '…', label: 'not checked yet' },
};

/** A statement's verdict where it now is: `from` is its first line's start, mapped through edits. */
interface Placed {
  from: number;
  verdict: LineVerdict;
  pending: boolean;
}

/** The verdicts of a check of `text` (the editor's text when the check was asked for). */
export const setVerdicts = StateEffect.define<{ text: string; lines: readonly LineVerdict[] }>();

export const verdictField = StateField.define<Placed[]>({
  create: () => [],
  update(placed, tr) {
    for (const e of tr.effects) {
      if (!e.is(setVerdicts) || e.value.text !== tr.state.doc.toString()) continue;
      const doc = tr.state.doc;
      return e.value.lines
        .filter((v) => v.line >= 1 && v.line <= doc.lines)
        .map((v) => ({ from: doc.line(v.line).from, verdict: v, pending: false }));
    }
    if (!tr.docChanged) return placed;
    let firstChanged = Infinity;
    tr.changes.iterChangedRanges((_fa, _ta, fromB) => (firstChanged = Math.min(firstChanged, fromB)));
    const editedLine = tr.state.doc.lineAt(firstChanged).number;
    const out: Placed[] = [];
    for (const p of placed) {
      const from = tr.changes.mapPos(p.from, 1);
      const line = tr.state.doc.lineAt(from);
      // A statement whose first line was deleted has gone; one that starts mid-line was joined into another.
      if (line.from !== from || out.some((o) => o.from === from)) continue;
      const span = p.verdict.endLine - p.verdict.line;
      out.push({ from, verdict: p.verdict, pending: p.pending || line.number + span >= editedLine });
    }
    return out;
  },
});

/** What a line's mark says now: its verdict, or pending while its statement is being re-checked. */
function shownVerdict(p: Placed): LineVerdictKind {
  return p.pending ? 'pending' : p.verdict.verdict;
}

/** The statement that covers an editor line (1-based), as the gutter shows it. */
export function verdictAtLine(
  state: EditorState,
  line: number,
): { verdict: LineVerdict; shown: LineVerdictKind } | null {
  for (const p of state.field(verdictField)) {
    const first = state.doc.lineAt(p.from).number;
    const last = first + (p.verdict.endLine - p.verdict.line);
    if (line >= first && line <= last) return { verdict: p.verdict, shown: shownVerdict(p) };
  }
  return null;
}

/** The statements (1-based line ranges, where they are now) that write `target`'s gradient. */
export function linesOfTarget(state: EditorState, target: string): { from: number; to: number }[] {
  return state
    .field(verdictField)
    .filter((p) => p.verdict.target === target)
    .map((p) => {
      const from = state.doc.lineAt(p.from).number;
      return { from, to: from + (p.verdict.endLine - p.verdict.line) };
    });
}

/**
 * What a mark says on hover: "checking…" only while its statement is being re-checked. A check's own
 * `pending` verdict (a line the check never reached, a gradient still being built) says why in its message.
 */
export function verdictSaid(
  kind: LineVerdictKind,
  checking: boolean,
  message: string,
  maxdiff: number | null,
): { title: string; said: string } {
  const said = checking ? 'checking…' : message || VERDICT_MARK[kind].label;
  const diff = maxdiff !== null && !checking && kind !== 'pending' ? ` · maxdiff ${maxdiff}` : '';
  return { title: `${VERDICT_MARK[kind].label}${diff}\n${said}`, said };
}

class VerdictMarker extends GutterMarker {
  constructor(
    readonly line: number,
    readonly kind: LineVerdictKind,
    readonly message: string,
    readonly maxdiff: number | null,
    readonly checking: boolean,
  ) {
    super();
  }

  override eq(other: GutterMarker): boolean {
    return (
      other instanceof VerdictMarker &&
      other.line === this.line &&
      other.kind === this.kind &&
      other.message === this.message &&
      other.maxdiff === this.maxdiff &&
      other.checking === this.checking
    );
  }

  override toDOM(): Node {
    const el = document.createElement('span');
    const mark = VERDICT_MARK[this.kind];
    el.className = `verdict verdict-${this.kind}`;
    el.textContent = mark.icon;
    // Line 0 is the gutter's width spacer, never a statement.
    if (this.line === 0) return el;
    el.dataset.testid = 'line-verdict';
    el.dataset.line = String(this.line);
    el.dataset.verdict = this.kind;
    const { title, said } = verdictSaid(this.kind, this.checking, this.message, this.maxdiff);
    el.title = title;
    el.setAttribute('aria-label', `line ${this.line}: ${mark.label}. ${said}`);
    return el;
  }
}

const markers = (state: EditorState): RangeSet<GutterMarker> =>
  RangeSet.of(
    [...state.field(verdictField)]
      .sort((a, b) => a.from - b.from)
      .map((p) =>
        new VerdictMarker(
          state.doc.lineAt(p.from).number,
          shownVerdict(p),
          p.verdict.message,
          p.verdict.maxdiff,
          p.pending,
        ).range(p.from),
      ),
  );

export function verdictGutter(): Extension {
  return [
    verdictField,
    gutter({
      class: 'cm-verdict-gutter',
      markers: (view) => markers(view.state),
      initialSpacer: () => new VerdictMarker(0, 'pending', '', null, false),
    }),
  ];
}
