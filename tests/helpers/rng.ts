/** A small seeded generator, so every run fuzzes the same inputs: the one the synthetic graphs use. */
export { mulberry32 as rng } from '../../src-common/view/synthetic';
