import type { Graph } from '../graph/types';
import type { MlpConfig } from './config';

/** A tensor as the dump writes it: flat row-major arrays. */
export interface TensorDump {
  shape: number[];
  data: number[];
  /** Autograd's gradient (null where none flows, e.g. integer data). */
  grad: number[] | null;
  /** The lecture's hand-derived gradient for the chosen variant (null where the variant computes none). */
  manual_grad: number[] | null;
  /** cmp(name, manual, autograd): bitwise equal, torch.allclose defaults, max |manual - autograd|. */
  exact: boolean | null;
  approx: boolean | null;
  maxdiff: number | null;
}

export interface IntTensorDump {
  shape: number[];
  data: number[];
}

/** What `backprop-studio dump` writes, and what the app draws. */
export interface Dump {
  config: MlpConfig;
  dataset: {
    train: [number, number];
    dev: [number, number];
    test: [number, number];
    first_words: string[];
  };
  params: Record<string, TensorDump>;
  batch: { ix: number[]; Xb: IntTensorDump; Yb: IntTensorDump };
  loss: number;
  tensors: Record<string, TensorDump>;
  graph: Graph;
}
