/** The knobs of the lecture's MLP, named as in the notebook. */

export const VARIANTS = ['atomic', 'fused-ce', 'fused-bn', 'fused'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface MlpConfig {
  seed: number;
  n_embd: number;
  n_hidden: number;
  block_size: number;
  batch_size: number;
  variant: Variant;
}

/** The lecture's settings (makemore part 4). */
export const DEFAULT_CONFIG: MlpConfig = {
  seed: 2147483647,
  n_embd: 10,
  n_hidden: 64,
  block_size: 3,
  batch_size: 32,
  variant: 'atomic',
};
