/**
 * Errors raised by tensor ops. They read like PyTorch's and say where they came from: the op, and the
 * forward-pass statement being recorded when it failed (if any), so a learner sees which line to fix.
 */
export class TensorError extends Error {
  constructor(
    readonly op: string,
    readonly detail: string,
    readonly statement: string | null = null,
  ) {
    super(`${op}: ${detail}${statement ? ` (in \`${statement}\`)` : ''}`);
    this.name = 'TensorError';
  }
}
