/** The worker's stream: printed text gathered into few messages, never reordered with what came after it. */
import { describe, expect, it } from 'vitest';
import { streamPoster } from '../../../src-renderer/worker/stream-poster';
import type { RunEvent } from '../../../src-renderer/worker/python-protocol';
import type { CellResult } from '../../../core/notebook/types';

const cell = (index: number): CellResult => ({ index, kind: 'code', source: '', stdout: '', error: null, ran: true });

describe('the stream poster', () => {
  it('gathers printed text within 100 ms and posts it before the next event', () => {
    const posted: RunEvent[] = [];
    let t = 0;
    const s = streamPoster(
      (e) => posted.push(e),
      () => t,
    );
    s.onStdout!('a', 0);
    t = 10;
    s.onStdout!('b', 0);
    s.onStdout!('c', 0);
    s.stream!.note!('n');
    t = 20;
    s.onStdout!('d', 1);
    t = 200;
    s.onStdout!('e', 1);
    s.stream!.cellDone!(cell(1), []);
    expect(posted.map((e) => (e.kind === 'stdout' ? `${e.cell}:${e.text}` : e.kind))).toEqual([
      '0:abc',
      'note',
      '1:de',
      'cell',
    ]);
  });
});
