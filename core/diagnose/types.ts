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
  | 'wrong-tensor'
  | 'chain-factor'
  | 'offset'
  | 'repeated-index'
  | 'formula-term'
  | 'alias'
  | 'zero-by-design'
  | 'approx-expected'
  | 'other';

/** Why a gradient is wrong (or why a near-miss is expected), in one sentence computed from the graph. */
export interface Diagnosis {
  kind: DiagnosisKind;
  message: string;
  /** For `wrong-tensor`: the tensor whose gradient the value is (what blame judges it against). */
  tensor?: string;
}
