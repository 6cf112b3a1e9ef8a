/**
 * A memory snapshot of a freshly started Pyodide, kept in the worker's IndexedDB: starting CPython from it takes
 * a fraction of a second instead of seconds, so only the very first notebook of an installation waits for a
 * full start (the rule for using it is core/notebook/start-python.ts). Keyed by Pyodide's version; notebook code
 * in the worker can reach IndexedDB too, so the page keeps the hash of the snapshot it saw saved (see sha256).
 */
import type { SnapshotStore } from '../../core/notebook/start-python';

const DB = 'backprop-studio-python';
const STORE = 'snapshots';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB unavailable'));
  });
}

function request<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const req = run(db.transaction(STORE, mode).objectStore(STORE));
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
      }),
  );
}

/** The saved snapshot for this Pyodide version, or null (none yet, or no IndexedDB here). */
export async function loadSnapshot(version: string): Promise<Uint8Array | null> {
  try {
    const value = await request<unknown>('readonly', (s) => s.get(version));
    return value instanceof Uint8Array ? value : null;
  } catch {
    return null;
  }
}

export async function saveSnapshot(version: string, bytes: Uint8Array): Promise<void> {
  try {
    await request('readwrite', (s) => s.put(bytes, version));
  } catch {
    // Without storage every start is a full one, and that is all.
  }
}

export async function dropSnapshot(version: string): Promise<void> {
  try {
    await request('readwrite', (s) => s.delete(version));
  } catch {
    // Nothing to drop.
  }
}

/** The bytes' SHA-256 as hex: what the page keeps to tell its own snapshot from one written by a notebook. */
export async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Where the snapshots are kept: IndexedDB, or a stand-in in tests. */
export interface SnapshotDb {
  load(version: string): Promise<Uint8Array | null>;
  save(version: string, bytes: Uint8Array): Promise<void>;
  drop(version: string): Promise<void>;
}

const INDEXED_DB: SnapshotDb = { load: loadSnapshot, save: saveSnapshot, drop: dropSnapshot };

/**
 * The worker's snapshot store for one Pyodide version (the rule using it: core/notebook/start-python.ts).
 * Notebook code run in the worker can write IndexedDB, so a snapshot is loaded only when its hash is
 * `expected`, the one the page kept when the app saved it; any other is as good as none, and Python starts in
 * full and saves a new one, whose hash goes to `saved`.
 */
export function checkedSnapshotStore(
  version: string,
  expected: string | null,
  saved: (hash: string) => void,
  db: SnapshotDb = INDEXED_DB,
): SnapshotStore {
  return {
    load: async () => {
      const bytes = await db.load(version);
      return bytes && expected && (await sha256(bytes)) === expected ? bytes : null;
    },
    save: async (bytes) => {
      await db.save(version, bytes);
      saved(await sha256(bytes));
    },
    drop: () => db.drop(version),
  };
}
