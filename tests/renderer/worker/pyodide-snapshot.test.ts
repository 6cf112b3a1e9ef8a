/**
 * The worker's startup snapshot (src-renderer/worker/pyodide-snapshot.ts) under core/notebook/start-python.ts's
 * rule: notebook code in the worker can write IndexedDB, so only the snapshot whose hash the page kept is loaded;
 * one written over it starts Python in full, and the new snapshot's hash is what the page is told. The hashes
 * expected here are Node's own SHA-256, not the module's.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startPython } from '../../../core/notebook/start-python';
import { checkedSnapshotStore, type SnapshotDb } from '../../../src-renderer/worker/pyodide-snapshot';

const hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const VERSION = '0.0.0';
const OURS = Uint8Array.from([1, 2, 3, 4]);
const FRESH = Uint8Array.from([9, 9, 9]);

function memoryDb(initial: Uint8Array | null): SnapshotDb & { kept(): Uint8Array | null } {
  let kept = initial;
  return {
    load: async (v) => (v === VERSION ? kept : null),
    save: async (_v, bytes) => void (kept = bytes),
    drop: async () => void (kept = null),
    kept: () => kept,
  };
}

/** Starts a stand-in Python: which snapshot it was loaded from (or that it started in full), and what was saved. */
async function start(db: SnapshotDb, expected: string | null) {
  const loads: string[] = [];
  const saved: string[] = [];
  await startPython(
    async (options) => {
      loads.push(options._loadSnapshot ? `snapshot ${hex(options._loadSnapshot)}` : 'in full');
      return { makeMemorySnapshot: () => FRESH };
    },
    checkedSnapshotStore(VERSION, expected, (hash) => saved.push(hash), db),
  );
  return { loads, saved };
}

describe("the worker's startup snapshot", () => {
  it('loads the snapshot the page saw saved, by its hash', async () => {
    expect(await start(memoryDb(OURS), hex(OURS))).toEqual({ loads: [`snapshot ${hex(OURS)}`], saved: [] });
  });

  it('does not load one a notebook wrote over it: Python starts in full and saves its own again', async () => {
    const db = memoryDb(Uint8Array.from([6, 6, 6]));
    expect(await start(db, hex(OURS))).toEqual({ loads: ['in full'], saved: [hex(FRESH)] });
    expect(db.kept()).toEqual(FRESH);
  });

  it('loads none while the page has kept no hash', async () => {
    expect((await start(memoryDb(OURS), null)).loads).toEqual(['in full']);
  });
});
