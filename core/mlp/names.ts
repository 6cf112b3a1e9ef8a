/** The lecture's names for its parameters, data and the named steps of its forward pass. */

export const PARAM_NAMES = ['C', 'W1', 'b1', 'W2', 'b2', 'bngain', 'bnbias'] as const;
export type ParamName = (typeof PARAM_NAMES)[number];

export const TENSOR_NAMES = [
  'emb',
  'embcat',
  'hprebn',
  'bnmeani',
  'bndiff',
  'bndiff2',
  'bnvar',
  'bnvar_inv',
  'bnraw',
  'hpreact',
  'h',
  'logits',
  'logit_maxes',
  'norm_logits',
  'counts',
  'counts_sum',
  'counts_sum_inv',
  'probs',
  'logprobs',
  'loss',
] as const;
export type TensorName = (typeof TENSOR_NAMES)[number];

/** The rows of the lecture's cmp table (exercise 1), in the order the notebook prints them. */
export const CMP_ROWS = [
  'logprobs',
  'probs',
  'counts_sum_inv',
  'counts_sum',
  'counts',
  'norm_logits',
  'logit_maxes',
  'logits',
  'h',
  'W2',
  'b2',
  'hpreact',
  'bngain',
  'bnbias',
  'bnraw',
  'bnvar_inv',
  'bnvar',
  'bndiff2',
  'bndiff',
  'bnmeani',
  'hprebn',
  'embcat',
  'W1',
  'b1',
  'emb',
  'C',
] as const;
export type CmpName = (typeof CMP_ROWS)[number];
