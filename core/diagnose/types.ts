/** What a diagnosis says: its kind (for the app's icons and the tests) and its one sentence. */

export type DiagnosisKind =
  | 'shape'
  | 'broadcast'
  | 'wrong-dim'
  | 'transpose'
  | 'incomplete'
  | 'sign'
  | 'factor'
  | 'upstream'
  | 'zero-by-design'
  | 'approx-expected'
  | 'other';

/** Why a gradient is wrong (or why a near-miss is expected), in one sentence computed from the graph. */
export interface Diagnosis {
  kind: DiagnosisKind;
  message: string;
}
