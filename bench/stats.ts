/** Medians and spreads of repeated measurements: the machine is shared, so single runs mean little. */

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** "median [min–max]" with the given formatter. */
export function spread(xs: readonly number[], fmt: (x: number) => string): string {
  return `${fmt(median(xs))} [${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}]`;
}
