/**
 * The one blame: a wrong gradient computed from another wrong one is told to fix that one first. Which
 * gradients a gradient was computed from comes from the one reading of the learner's source (the reads of the
 * statements that wrote it); whether an input is wrong is judged against autograd's gradient of the tensor
 * its name stands for, so a right `dh` compared with the wrong tensor does not blame the lines that use it.
 * The CLI's run and the live check both ask here.
 */
import { upstreamDiagnosis, type UpstreamGradient } from './diagnose';
import { tensorNameOf } from './grad-name';
import type { Diagnosis } from './types';

/** A place in the learner's code: cell index and line, ordered as the code runs. */
export interface CodePlace {
  cell: number;
  line: number;
}

/** A statement that writes gradients by hand, with the names it reads. */
export interface GradientStatement {
  at: CodePlace;
  writes: readonly string[];
  reads: readonly string[];
}

/** A gradient the app judged at a place, and whether it was right for the tensor its name stands for. */
export interface JudgedGradient {
  name: string;
  at: CodePlace;
  ok: boolean;
}

const atOrBefore = (a: CodePlace, b: CodePlace) => a.cell < b.cell || (a.cell === b.cell && a.line <= b.line);

/** Right for the tensor the gradient's name stands for: right where compared, or another tensor's that is its own. */
export function rightForItsName(
  gradName: string,
  verdict: string,
  diagnosis: Pick<Diagnosis, 'kind' | 'tensor'> | null,
): boolean {
  if (verdict === 'exact' || verdict === 'approx') return true;
  return diagnosis?.kind === 'wrong-tensor' && diagnosis.tensor === tensorNameOf(gradName);
}

/** Every name the statements that wrote `gradName` up to `at` read: what its value was computed from. */
export function readsOf(gradName: string, at: CodePlace, statements: readonly GradientStatement[]): string[] {
  const read = new Set<string>();
  for (const s of statements)
    if (s.writes.includes(gradName) && atOrBefore(s.at, at)) for (const r of s.reads) read.add(r);
  return [...read];
}

interface Input {
  name: string;
  written: CodePlace;
  ok: boolean;
}

/** The judged gradients `gradName`'s value at `at` was computed from, with their last write before `at`. */
function inputsOf(
  gradName: string,
  at: CodePlace,
  statements: readonly GradientStatement[],
  judged: readonly JudgedGradient[],
): Input[] {
  return readsOf(gradName, at, statements).flatMap((name) => {
    if (name === gradName) return [];
    // The input's judgement nearest before, and its last write before: the value this line used.
    const j = judged.filter((d) => d.name === name && atOrBefore(d.at, at)).at(-1);
    const w = statements.filter((s) => s.writes.includes(name) && atOrBefore(s.at, at)).at(-1);
    return j && w ? [{ name, written: w.at, ok: j.ok }] : [];
  });
}

/**
 * Whether wrong input `w` is wrong through another of the wrong inputs (`d_Z` computed from `d_p`, both read
 * by `d_e`): then that one is the line to fix, and `w` is not named. The live check judges every gradient a
 * line writes, a run only those a cmp checks; naming the first wrong ones keeps both on the same sentence.
 */
function wrongThrough(
  w: Input,
  others: ReadonlySet<string>,
  statements: readonly GradientStatement[],
  judged: readonly JudgedGradient[],
  seen = new Set<string>(),
): boolean {
  seen.add(w.name);
  return inputsOf(w.name, w.written, statements, judged).some(
    (u) => !u.ok && (others.has(u.name) || (!seen.has(u.name) && wrongThrough(u, others, statements, judged, seen))),
  );
}

/**
 * The gradients `gradName`'s value at `at` was computed from, each with where it was written and whether it is
 * right; of the wrong ones, only those not wrong through another of them.
 */
export function upstreamOf(
  gradName: string,
  at: CodePlace,
  statements: readonly GradientStatement[],
  judged: readonly JudgedGradient[],
  where: (p: CodePlace) => string,
): UpstreamGradient[] {
  const inputs = inputsOf(gradName, at, statements, judged);
  const wrong = new Set(inputs.filter((i) => !i.ok).map((i) => i.name));
  return inputs
    .filter((i) => i.ok || !wrongThrough(i, new Set([...wrong].filter((n) => n !== i.name)), statements, judged))
    .map((i) => ({ name: i.name, at: where(i.written), ok: i.ok }));
}

/** The blame for a wrong gradient, or null when every gradient it used is right. */
export function blame(
  gradName: string,
  at: CodePlace,
  statements: readonly GradientStatement[],
  judged: readonly JudgedGradient[],
  where: (p: CodePlace) => string,
): Diagnosis | null {
  return upstreamDiagnosis(gradName, upstreamOf(gradName, at, statements, judged, where));
}
