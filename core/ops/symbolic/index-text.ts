/** The Python index a recorded `slice` or `cat` stands for (`[:, 2]`, `[1:3]`), for formulas and forward text. */
import type { AttrValue } from '../../graph/types';

/** `x[...]` of a slice node: its starts, steps, lengths and dropped dims, over the input's shape. */
export function sliceIndex(attrs: Record<string, AttrValue>, inShape: readonly number[]): string {
  const starts = attrs.starts as number[];
  const steps = attrs.steps as number[];
  const lengths = attrs.lengths as number[];
  const drops = new Set(attrs.drops as number[]);
  const parts = inShape.map((size, d) => {
    if (drops.has(d)) return String(starts[d]);
    const stop = starts[d] + lengths[d] * steps[d];
    if (starts[d] === 0 && lengths[d] === size && steps[d] === 1) return ':';
    return `${starts[d] || ''}:${stop >= size ? '' : stop}${steps[d] === 1 ? '' : `:${steps[d]}`}`;
  });
  while (parts.length > 1 && parts[parts.length - 1] === ':') parts.pop();
  return `[${parts.join(', ')}]`;
}

/** The part of a cat's output input k came from: `[:, 3:6]`. */
export function catIndex(dim: number, start: number, length: number): string {
  return `[${[...Array<string>(dim).fill(':'), `${start}:${start + length}`].join(', ')}]`;
}
