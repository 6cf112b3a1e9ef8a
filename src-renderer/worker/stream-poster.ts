/**
 * A run's stream as worker messages (python-protocol.ts's RunEvent): each event posted as it happens, except
 * printed text, which is gathered and posted at most every STDOUT_EVERY_MS and before anything else is, so
 * a loop that prints every step costs the page a few messages a second and the order stays the run's.
 */
import type { RunOptions, RunStream } from '../../core/notebook/run';
import type { RunEvent } from './python-protocol';

const STDOUT_EVERY_MS = 100;

export function streamPoster(
  post: (event: RunEvent) => void,
  now: () => number,
): Pick<RunOptions, 'onStdout' | 'stream'> & { flush(): void } {
  let text = '';
  let cell = -1;
  let last = -Infinity;
  const flush = () => {
    if (text) post({ kind: 'stdout', cell, text });
    text = '';
    last = now();
  };
  const then = (event: RunEvent) => {
    flush();
    post(event);
  };
  const stream: RunStream = {
    cellDone: (c, figures) => then({ kind: 'cell', cell: c, figures }),
    graph: (graph, tensors) => then({ kind: 'graph', graph, tensors }),
    check: (check, manual) => then({ kind: 'check', check, manual }),
    note: (note) => then({ kind: 'note', text: note }),
    progress: (done, total, label) => then({ kind: 'loop', done, total, label }),
  };
  return {
    stream,
    onStdout(t, at) {
      if (at !== cell) flush();
      cell = at;
      text += t;
      if (now() - last >= STDOUT_EVERY_MS) flush();
    },
    flush,
  };
}
