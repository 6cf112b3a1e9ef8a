/**
 * The notebook file state behind File → Save: what counts as an unsaved edit, where Save goes (in place, or
 * Save As for the sample), what a save leaves behind, the questions it asks, and the messages it shows.
 * A fake platform API stands in for main (or for the browser's download).
 */
import { describe, expect, it } from 'vitest';
import { parseNotebook } from '../../../core/notebook/parse';
import { replaceCellSources } from '../../../core/notebook/save';
import type { SaveNotebookResponse, StudioApi } from '../../../src-common/ipc-contract';
import {
  NotebookFileState,
  pendingEdits,
  saveRoute,
  suggestedName,
  type OpenedFile,
} from '../../../src-renderer/state/notebook-file.svelte';

const enc = new TextEncoder();
const py = enc.encode('# %%\nx = 1\n\n# %%\ndx = 0\n');
const mine: OpenedFile = { name: 'mine.py', path: '/nb/mine.py', bytes: py, sample: false };

function fakeApi(mode: StudioApi['mode'], answer?: (kind: 'save' | 'save-as', req: unknown) => SaveNotebookResponse) {
  const calls: { kind: 'save' | 'save-as'; req: Record<string, unknown> }[] = [];
  const respond = (kind: 'save' | 'save-as', req: Record<string, unknown>): SaveNotebookResponse => {
    calls.push({ kind, req });
    if (answer) return answer(kind, req);
    const name = (kind === 'save' ? String(req.path).split('/').pop() : req.suggestedName) as string;
    const bytes = replaceCellSources(req.base as Uint8Array, name, req.edits as never);
    return { saved: true, name, path: `/nb/${name}`, bytes };
  };
  const api = {
    mode,
    saveNotebook: async (req: never) => respond('save', req),
    saveNotebookAs: async (req: never) => respond('save-as', req),
  } as unknown as StudioApi;
  return { api, calls };
}

function state(mode: StudioApi['mode'] = 'electron', answer?: Parameters<typeof fakeApi>[1]) {
  const { api, calls } = fakeApi(mode, answer);
  const toasts: string[] = [];
  const sample = enc.encode(
    JSON.stringify({
      cells: [{ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: ['dx = 0'] }],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 4,
    }),
  );
  const s = new NotebookFileState(
    api,
    (m) => toasts.push(m),
    async () => sample,
  );
  return { s, calls, toasts };
}

describe('pure rules', () => {
  it('an edit is pending only while it differs from the file; edits go out in cell order', () => {
    expect(
      pendingEdits(
        ['a', 'b', 'c'],
        new Map([
          [2, 'C'],
          [1, 'b'],
          [0, 'A'],
          [3, 'new cell'],
        ]),
      ),
    ).toEqual([
      { cell: 0, source: 'A' },
      { cell: 2, source: 'C' },
      { cell: 3, source: 'new cell' },
    ]);
  });

  it.each([
    [{ ...mine, sample: true }, 'electron', 'save-as'],
    [{ ...mine, sample: true }, 'browser', 'save-as'],
    [mine, 'electron', 'save'],
    [{ ...mine, path: undefined }, 'electron', 'save-as'],
    [{ ...mine, path: undefined }, 'browser', 'save'],
  ] as const)('Save on %j in %s goes to %s', (file, mode, route) => {
    expect(saveRoute(file, mode)).toBe(route);
  });

  it('offers the sample under another name, and a file under its own', () => {
    expect(suggestedName({ name: 'backprop-ninja.ipynb', bytes: py, sample: true })).toBe('backprop-ninja-mine.ipynb');
    expect(suggestedName(mine)).toBe('mine.py');
  });
});

describe('NotebookFileState', () => {
  it('is dirty after an edit, clean again when the edit is undone', () => {
    const { s } = state();
    s.open(mine);
    expect(s.dirty).toBe(false);
    s.setCellSource(1, 'dx = 2');
    expect(s.dirty).toBe(true);
    expect(s.cellSource(1)).toBe('dx = 2');
    s.setCellSource(1, 'dx = 0\n');
    expect(s.dirty).toBe(false);
  });

  it('saves the edits into the file it opened, then holds what was written as clean', async () => {
    const { s, calls, toasts } = state();
    s.open(mine);
    s.setCellSource(1, 'dx = 2');
    expect(await s.save()).toBe('saved');
    expect(calls).toEqual([
      { kind: 'save', req: { path: '/nb/mine.py', base: py, edits: [{ cell: 1, source: 'dx = 2' }] } },
    ]);
    expect(s.dirty).toBe(false);
    expect(parseNotebook('mine.py', s.file!.bytes).cells[1].source).toBe('dx = 2\n');
    // The editor still holds 'dx = 2' (the file keeps its blank line after it): that is saved, not an edit.
    s.setCellSource(1, 'dx = 2');
    expect(s.dirty).toBe(false);
    expect(toasts).toEqual(['Saved mine.py']);
    // Nothing left to save: it says so and writes nothing.
    expect(await s.save()).toBe('saved');
    expect(calls).toHaveLength(1);
    expect(toasts[1]).toBe('mine.py has no unsaved changes');
  });

  it('never writes the sample: Save is Save As, with its bytes, and the copy is the file from then on', async () => {
    const { s, calls } = state();
    s.open({ name: 'backprop-ninja.ipynb', bytes: new Uint8Array(), sample: true }, ['dx = 0']);
    s.setCellSource(0, 'dx = 1');
    expect(await s.save()).toBe('saved');
    expect(calls.map((c) => c.kind)).toEqual(['save-as']);
    expect(calls[0].req.suggestedName).toBe('backprop-ninja-mine.ipynb');
    expect((calls[0].req.base as Uint8Array).length).toBeGreaterThan(0);
    expect(s.file).toMatchObject({
      name: 'backprop-ninja-mine.ipynb',
      path: '/nb/backprop-ninja-mine.ipynb',
      sample: false,
    });
    s.setCellSource(0, 'dx = 2');
    await s.save();
    expect(calls.map((c) => c.kind)).toEqual(['save-as', 'save']);
  });

  it('saves the sample as it is on screen: an exercise cell handed out blank stays blank in the copy', async () => {
    const { s, calls } = state();
    // The sample's file has `dx = 0` (solved); the exercise shows the cell blanked, and nothing is typed.
    s.open({ name: 'backprop-ninja.ipynb', bytes: new Uint8Array(), sample: true }, ['# YOUR CODE HERE']);
    expect(s.dirty).toBe(false);
    expect(await s.saveAs()).toBe('saved');
    expect(calls[0].req.edits).toEqual([{ cell: 0, source: '# YOUR CODE HERE' }]);
  });

  it('keeps edits typed while a save was in flight as unsaved', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { api } = fakeApi('electron');
    const slow = {
      ...api,
      saveNotebook: async (req: never) => {
        await gate;
        return api.saveNotebook(req);
      },
    } as StudioApi;
    const s = new NotebookFileState(slow, () => {});
    s.open(mine);
    s.setCellSource(1, 'dx = 2');
    const saving = s.save();
    s.setCellSource(0, 'x = 5');
    release();
    await saving;
    expect(s.dirty).toBe(true);
    expect(s.cellSource(0)).toBe('x = 5');
    expect(s.cellSource(1)).toBe('dx = 2');
  });

  it('on a file changed on disk, asks; Overwrite sends it again with overwrite, Cancel leaves it unsaved', async () => {
    const answers: SaveNotebookResponse[] = [
      {
        saved: false,
        conflict: 'mine.py changed on disk since it was opened: cell 1, which you edited, was changed there too',
      },
      { saved: true, name: 'mine.py', path: '/nb/mine.py', bytes: py },
      { saved: false, conflict: 'mine.py changed on disk' },
    ];
    const { s, calls } = state('electron', () => answers.shift()!);
    s.open(mine);
    s.setCellSource(1, 'dx = 2');
    const saving = s.save();
    await Promise.resolve();
    await Promise.resolve();
    expect(s.question?.message).toMatch(/changed on disk/);
    expect(s.question?.choices.map((c) => c.id)).toEqual(['overwrite', 'save-as', 'cancel']);
    s.reply('overwrite');
    expect(await saving).toBe('saved');
    expect(calls[1].req.overwrite).toBe(true);

    s.setCellSource(1, 'dx = 3');
    const again = s.save();
    await Promise.resolve();
    await Promise.resolve();
    s.reply('cancel');
    expect(await again).toBe('cancelled');
    expect(s.dirty).toBe(true);
  });

  it('reports a failure in one toast naming the file, without the IPC wrapper, and stays dirty', async () => {
    const { s, toasts } = state('electron', () => {
      throw new Error(
        "Error invoking remote method 'studio:save-notebook': WriteError: cannot write /nb/mine.py: no space left on the disk (ENOSPC)",
      );
    });
    s.open(mine);
    s.setCellSource(1, 'dx = 2');
    expect(await s.save()).toBe('failed');
    expect(toasts).toEqual(['Could not save mine.py: cannot write /nb/mine.py: no space left on the disk (ENOSPC)']);
    expect(s.dirty).toBe(true);
  });

  it('before leaving a dirty notebook asks: Don’t save drops the edits, Cancel keeps them and stays', async () => {
    const { s, calls } = state();
    s.open(mine);
    expect(await s.confirmLeave()).toBe(true);
    s.setCellSource(1, 'dx = 2');
    const cancelled = s.confirmLeave();
    expect(s.question?.choices.map((c) => c.label)).toEqual(['Save', 'Don’t save', 'Cancel']);
    s.reply('cancel');
    expect(await cancelled).toBe(false);
    expect(s.dirty).toBe(true);
    const discarded = s.confirmLeave();
    s.reply('discard');
    expect(await discarded).toBe(true);
    expect(s.dirty).toBe(false);
    expect(calls).toEqual([]);
  });

  it('before leaving, Save saves and lets it go only once saved', async () => {
    const { s, calls } = state();
    s.open(mine);
    s.setCellSource(1, 'dx = 2');
    const leaving = s.confirmLeave();
    s.reply('save');
    expect(await leaving).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it('with no notebook open, says what to do', async () => {
    const { s, toasts } = state();
    expect(await s.save()).toBe('failed');
    expect(await s.saveAs()).toBe('failed');
    expect(toasts).toEqual(['Open a notebook to save it', 'Open a notebook to save it']);
  });
});
