/**
 * The page's side of Stop, fresh Pythons and recovery, against a stand-in Worker (no Pyodide): Stop writes
 * SIGINT into the shared buffer and waits for the run to end; a run that does not end (a loop in C) has its
 * worker ended; a fatal failure and a second notebook each get a fresh worker.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHECK_LIMIT_MS, PythonClient, STOP_GRACE_MS, StoppedError } from '../../../src-renderer/worker/python-client';
import type { PythonEvent, PythonRequest, RunEvent } from '../../../src-renderer/worker/python-protocol';
import type { NotebookRun } from '../../../core/notebook/types';

class FakeWorker {
  static made: FakeWorker[] = [];
  readonly received: PythonRequest[] = [];
  terminated = false;
  onmessage: ((e: { data: PythonEvent }) => void) | null = null;
  onerror: ((e: { message: string }) => void) | null = null;
  constructor() {
    FakeWorker.made.push(this);
  }
  postMessage(data: PythonRequest) {
    this.received.push(data);
  }
  terminate() {
    this.terminated = true;
  }
  answer(event: PythonEvent) {
    this.onmessage?.({ data: event });
  }
}

const run = { cells: [], error: null } as unknown as NotebookRun;
const done = (id: number): PythonEvent => ({
  id,
  type: 'done',
  run,
  name: 'a.ipynb',
  firstLines: [],
  loadMs: 0,
  runMs: 0,
});
const source = { name: 'a.ipynb', bytes: new Uint8Array(), files: {} };

beforeEach(() => {
  FakeWorker.made = [];
  vi.stubGlobal('Worker', FakeWorker);
  vi.stubGlobal('document', { baseURI: 'http://app.test/' });
  vi.stubGlobal('crossOriginIsolated', true);
  const stored = new Map<string, string>();
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => stored.get(k) ?? null,
    setItem: (k: string, v: string) => void stored.set(k, v),
  });
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the Python client', () => {
  it('passes on what the run streams, in order, then its result', async () => {
    const client = new PythonClient();
    const seen: string[] = [];
    const result = client.run(
      source,
      () => {},
      (e: RunEvent) => seen.push(e.kind),
    );
    const [worker] = FakeWorker.made;
    const id = worker.received[0].id;
    worker.answer({ id, type: 'stream', event: { kind: 'note', text: 'n' } });
    worker.answer({ id, type: 'stream', event: { kind: 'loop', done: 1, total: 2, label: '' } });
    worker.answer(done(id));
    await expect(result).resolves.toMatchObject({ name: 'a.ipynb' });
    expect(seen).toEqual(['note', 'loop']);
  });

  it('stops a run with KeyboardInterrupt through the shared buffer, keeping its worker', async () => {
    const client = new PythonClient();
    const result = client.run(source);
    const [worker] = FakeWorker.made;
    const request = worker.received[0] as Extract<PythonRequest, { type: 'run' }>;
    expect(request.interrupt).toBeInstanceOf(Int32Array);
    const stopping = client.stop();
    expect(request.interrupt![0]).toBe(2);
    // Python raised KeyboardInterrupt: the run ends as on any exception.
    worker.answer(done(request.id));
    await expect(stopping).resolves.toBe('interrupted');
    await expect(result).resolves.toMatchObject({ name: 'a.ipynb' });
    expect(worker.terminated).toBe(false);
    expect(client.busy).toBe(false);
  });

  it('ends the worker when the run does not stop in time (a loop in C), and starts a fresh one next', async () => {
    const client = new PythonClient();
    const result = client.run(source);
    const caught = result.catch((e: unknown) => e);
    const stopping = client.stop();
    await vi.advanceTimersByTimeAsync(STOP_GRACE_MS);
    await expect(stopping).resolves.toBe('ended');
    expect(await caught).toBeInstanceOf(StoppedError);
    expect(FakeWorker.made[0].terminated).toBe(true);
    void client.run(source).catch(() => {});
    expect(FakeWorker.made).toHaveLength(2);
  });

  it('ends the worker without waiting where there is no SharedArrayBuffer to interrupt through', async () => {
    vi.stubGlobal('crossOriginIsolated', false);
    const client = new PythonClient();
    const caught = client.run(source).catch((e: unknown) => e);
    await expect(client.stop()).resolves.toBe('ended');
    expect(await caught).toBeInstanceOf(StoppedError);
    expect((FakeWorker.made[0].received[0] as { interrupt: unknown }).interrupt).toBeNull();
  });

  it('replaces a worker whose Python failed fatally, and says so', async () => {
    const client = new PythonClient();
    const result = client.run(source);
    const [worker] = FakeWorker.made;
    worker.answer({
      id: worker.received[0].id,
      type: 'failed',
      error: 'Maximum call stack size exceeded',
      fatal: true,
    });
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoppedError);
    expect((error as StoppedError).fatal).toBe(true);
    expect(worker.terminated).toBe(true);
    const next = client.run(source);
    const fresh = FakeWorker.made[1];
    fresh.answer(done(fresh.received[0].id));
    await expect(next).resolves.toMatchObject({ name: 'a.ipynb' });
  });

  it('says a worker that failed to load failed (not that a Stop could not interrupt it), and starts a fresh one next', async () => {
    const client = new PythonClient();
    const result = client.run(source);
    FakeWorker.made[0].onerror?.({ message: 'Uncaught SyntaxError: bad worker script' });
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoppedError);
    expect(error).toMatchObject({ fatal: true, message: 'Uncaught SyntaxError: bad worker script' });
    void client.run(source);
    expect(FakeWorker.made).toHaveLength(2);
  });

  it('opens every notebook in a fresh worker, ending the one still running', async () => {
    const client = new PythonClient();
    const first = client.run(source).catch((e: unknown) => e);
    const second = client.run({ ...source, name: 'b.ipynb' });
    expect(await first).toBeInstanceOf(StoppedError);
    expect(FakeWorker.made.map((w) => w.terminated)).toEqual([true, false]);
    const fresh = FakeWorker.made[1];
    fresh.answer(done(fresh.received[0].id));
    await expect(second).resolves.toBeTruthy();
  });

  it("keeps the startup snapshot's hash only while no notebook code has run in the worker", async () => {
    const client = new PythonClient();
    const first = client.run(source);
    const [worker] = FakeWorker.made;
    const id = worker.received[0].id;
    expect((worker.received[0] as { snapshotHash: unknown }).snapshotHash).toBeNull();
    worker.answer({ id: 0, type: 'snapshot', hash: 'aa' });
    worker.answer({ id, type: 'progress', stage: 'running', cell: 0, cells: 1, index: 0 });
    // From here on the worker runs the notebook's code, which can post messages of its own.
    worker.answer({ id: 0, type: 'snapshot', hash: 'forged' });
    worker.answer(done(id));
    await first;
    void client.run(source).catch(() => {});
    expect((FakeWorker.made[1].received[0] as { snapshotHash: unknown }).snapshotHash).toBe('aa');
  });

  it('ends the worker when an exercise check is stuck in C past its time limit (sum(range(2*10**9)))', async () => {
    const client = new PythonClient();
    const caught = client.check(3, 'x = sum(range(2*10**9))').catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(CHECK_LIMIT_MS - 1);
    expect(FakeWorker.made[0].terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeWorker.made[0].terminated).toBe(true);
    expect(String(await caught)).toContain('start the exercise again');
  });
});
