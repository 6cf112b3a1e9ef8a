/** `source` with every loop body marked `;; unroll K groups of B bytes at $ptr…` unrolled (see unroll-wat.mjs). */
export function unrollWat(source: string): string;
