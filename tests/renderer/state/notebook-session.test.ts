/**
 * The notebook session's runs on screen. Reopening an unchanged notebook reuses its run (issue 22): the same file's same bytes, while the Python
 * session that ran them lives, show that run again and run nothing; changed bytes, a run that failed or
 * stopped, or a session since ended run it again; a toast about the notebook left does not stay under the next
 * one's name; a run whose Python Stop had to end keeps what ran and its time. A counting stand-in for the
 * Python client.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { notRun } from '../../../core/notebook/run';
import type { NotebookRun } from '../../../core/notebook/types';
import type { StudioApi } from '../../../src-common/ipc-contract';
import type { NotebookSource, PythonStage, RunEvent } from '../../../src-renderer/worker/python-protocol';

const runs: string[] = [];
/** What the next run ends with. */
let nextError: NotebookRun['error'] = null;
/** Whether the next run is stopped by ending its Python (a loop in C), after running for `ranMs`. */
let endNext: { ranMs: number } | null = null;
/** The page's clock (performance.now), moved by the stand-in's runs only. */
let clock = 1000;
/** The stand-in clients made, the session's last. */
const clients: { session: number }[] = [];

vi.mock('../../../src-renderer/worker/python-client', async (original) => {
  const actual = await original<typeof import('../../../src-renderer/worker/python-client')>();
  return {
    ...actual,
    PythonClient: class {
      session = 0;
      busy = false;
      constructor() {
        clients.push(this);
      }
      async run(source: NotebookSource, onProgress: (s: PythonStage) => void, onStream: (e: RunEvent) => void) {
        this.session++;
        runs.push(source.name);
        const cells = [{ index: 0, kind: 'code' as const, source: 'x = 1', firstLine: 1 }];
        const run = { ...notRun({ path: source.name, format: 'ipynb', cells }), error: nextError };
        onStream({
          kind: 'start',
          run: notRun({ path: source.name, format: 'ipynb', cells }),
          name: source.name,
          firstLines: [1],
        });
        onProgress({ stage: 'running', cell: 1, cells: 1, index: 0 });
        if (endNext) {
          clock += endNext.ranMs;
          throw new actual.StoppedError('the run was stopped: Python was ended');
        }
        return { run, name: source.name, firstLines: [1], loadMs: 321, runMs: 684 };
      }
      async exerciseHere() {
        const cells = [{ index: 0, kind: 'code' as const, source: 'x = 1', firstLine: 1 }];
        const run = notRun({ path: 'a.ipynb', format: 'ipynb', cells });
        return { run, name: 'a.ipynb', firstLines: [1], loadMs: 0, runMs: 0, cells: [] };
      }
      async stop() {
        return 'idle';
      }
      warm() {}
    },
  };
});

const { NotebookSession } = await import('../../../src-renderer/state/notebook-session.svelte');
const { Screen } = await import('../../../src-renderer/state/screen.svelte');
const { ViewState } = await import('../../../src-renderer/state/view-state.svelte');

const bytes = (text: string) => new TextEncoder().encode(text);
const file = (name: string, text: string, names = 'emma\n'): NotebookSource => ({
  name,
  path: `/nb/${name}`,
  bytes: bytes(text),
  files: { 'names.txt': bytes(names) },
});

function session() {
  const api = { mode: 'browser', setTheme: () => {} } as unknown as StudioApi;
  const view = new ViewState(api);
  const toasts: string[] = [];
  view.showToast = (m: string) => void toasts.push(m);
  const lecture = { resume: vi.fn(), retryIfCancelled: vi.fn() };
  return { nb: new NotebookSession(api, new Screen(view), view, lecture), toasts, lecture, view };
}

beforeEach(() => {
  runs.length = 0;
  nextError = null;
  endNext = null;
  vi.spyOn(performance, 'now').mockImplementation(() => clock);
});

describe('reopening a notebook', () => {
  it('shows the same bytes run again without running them, on screen or after the lecture', async () => {
    const { nb, toasts, lecture } = session();
    await nb.open({ mode: 'run', source: file('a.ipynb', 'one') });
    const shown = nb.current;
    expect(runs).toEqual(['a.ipynb']);
    // Another read of the same file: equal bytes, not the same array.
    await nb.open({ mode: 'run', source: file('a.ipynb', 'one') });
    expect(runs).toEqual(['a.ipynb']);
    expect(nb.current).toBe(shown);
    expect(nb.opening).toBeNull();
    expect(toasts.at(-1)).toBe(
      'a.ipynb is unchanged since it ran: its run is shown again (Shift+Enter re-runs a cell)',
    );
    await nb.backToLecture();
    expect(lecture.resume).toHaveBeenCalledOnce();
    expect(nb.current).toBeNull();
    await nb.open({ mode: 'run', source: file('a.ipynb', 'one') });
    expect(runs).toEqual(['a.ipynb']);
    expect(nb.current).toBe(shown);
  });

  it('runs again when the bytes changed, the file is another, or its session ended', async () => {
    const { nb } = session();
    await nb.open({ mode: 'run', source: file('a.ipynb', 'one') });
    await nb.open({ mode: 'run', source: file('a.ipynb', 'two') });
    await nb.open({ mode: 'run', source: file('b.ipynb', 'two') });
    // b ran in a fresh session: a's is gone.
    await nb.open({ mode: 'run', source: file('a.ipynb', 'two') });
    expect(runs).toEqual(['a.ipynb', 'a.ipynb', 'b.ipynb', 'a.ipynb']);
    // The names.txt it reads changed.
    await nb.open({ mode: 'run', source: file('a.ipynb', 'two', 'olivia\n') });
    expect(runs).toHaveLength(5);
    // The worker ended (Stop in C, a fatal error) since it ran.
    clients.at(-1)!.session++;
    await nb.open({ mode: 'run', source: file('a.ipynb', 'two', 'olivia\n') });
    expect(runs).toHaveLength(6);
  });

  it("drops the toast about the notebook before when another one's run comes on screen", async () => {
    const { nb, view } = session();
    await nb.open({ mode: 'run', source: file('a.ipynb', 'one') });
    view.toast = 'Stopped in cell 22: what ran is kept, later cells did not run';
    await nb.open({ mode: 'run', source: file('b.ipynb', 'one') });
    expect(view.toast).toBeNull();
  });

  it('keeps what ran, marks the cell stopped and says how long it ran, when Stop had to end Python', async () => {
    const { nb } = session();
    endNext = { ranMs: 4321 };
    await nb.open({ mode: 'run', source: file('a.ipynb', 'one') });
    expect(nb.opening).toBeNull();
    expect(nb.current?.run.error?.type).toBe('KeyboardInterrupt');
    expect(nb.current?.runMs).toBe(4321);
  });

  it("starts the exercise on the run on screen without running it, keeping that run's times", async () => {
    const { nb } = session();
    await nb.open({ mode: 'run', source: file('a.ipynb', 'one') });
    await nb.open({ mode: 'exercise' });
    expect(runs).toEqual(['a.ipynb']);
    expect([nb.current?.loadMs, nb.current?.runMs]).toEqual([321, 684]);
  });

  it('runs again a notebook whose run ended at an exception or a Stop', async () => {
    const { nb } = session();
    nextError = { type: 'KeyboardInterrupt', message: '', cell: 0, line: 1, traceback: '' } as never;
    await nb.open({ mode: 'run', source: file('a.ipynb', 'one') });
    nextError = null;
    await nb.open({ mode: 'run', source: file('a.ipynb', 'one') });
    expect(runs).toEqual(['a.ipynb', 'a.ipynb']);
  });
});
