/**
 * Starting CPython in WebAssembly takes seconds; starting it from a memory snapshot of a fresh interpreter
 * takes a fraction of that. Each host keeps the snapshot where it can (the CLI in the user's cache folder,
 * the app in IndexedDB); this is the one rule for using it: load from the snapshot when there is one, drop a
 * snapshot that fails to load (never retried), and otherwise start fresh and save a snapshot taken before
 * anything of ours or the learner's is in the interpreter.
 */

/** Where a host keeps the snapshot; failures to save or drop are the store's to swallow. */
export interface SnapshotStore {
  load(): Promise<Uint8Array | null>;
  save(bytes: Uint8Array): Promise<void>;
  drop(): Promise<void>;
}

/** Pyodide's loadPyodide with the host's own options bound (indexURL, quiet stdout...). */
export type PyodideLoader<P> = (snapshot: { _loadSnapshot?: Uint8Array; _makeSnapshot?: boolean }) => Promise<P>;

export async function startPython<P extends { makeMemorySnapshot(): Uint8Array }>(
  load: PyodideLoader<P>,
  store: SnapshotStore,
): Promise<P> {
  const snapshot = await store.load();
  if (snapshot) {
    try {
      return await load({ _loadSnapshot: snapshot });
    } catch {
      await store.drop();
    }
  }
  const py = await load({ _makeSnapshot: true });
  let bytes: Uint8Array | null = null;
  try {
    bytes = py.makeMemorySnapshot();
  } catch {
    // A snapshot is only a shortcut for the next start.
  }
  if (bytes) await store.save(bytes);
  return py;
}
