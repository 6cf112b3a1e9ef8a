/**
 * CPython in WebAssembly calls every C function of Python's own (a builtin like `len`, `type.__new__`, a
 * method of list or dict) through a pointer whose signature may not match the caller's. Pyodide checks the
 * callee's type first, in a tiny WebAssembly module of its own that uses `ref.test` from the GC proposal; where
 * that module does not compile, every such call goes out to JavaScript and back (`_PyEM_TrampolineCall_JS`).
 *
 * Node 20's V8 has `ref.test` only behind `--experimental-wasm-gc`, and under the opcode it had before the
 * proposal was final (0xfb40; the final one, which Pyodide emits, is 0xfb14). Its interpreter then spends a
 * tenth or more of a learner's training loop in those round trips. So, on such a V8 only, this turns the flag
 * on before Pyodide's modules are compiled and hands Pyodide its own module with the older opcode, which does
 * the same type test. Newer V8s (Electron's, Node 22 and later) compile Pyodide's module as it is, and nothing
 * here changes anything there.
 *
 * Two further flags go with it. V8 11's baseline compiler runs the older `ref.test` slowly, and whether the
 * trampoline is recompiled by the optimizing one soon enough depended on timing (half the runs were twice as
 * slow): a lower tier-up budget makes every hot function optimized early. And the snapshot of a fresh
 * interpreter holds the trampoline's place in the function table, so a snapshot taken in one mode is never
 * loaded in the other (`mode`, which the caller puts in the snapshot's file name).
 */
import { setFlagsFromString } from 'node:v8';

/** WebAssembly's `ref.test` opcodes: the final one (0xfb 0x14) and V8 11's (0xfb 0x40). */
const FINAL_REF_TEST = 0x14;
const V8_11_REF_TEST = 0x40;

/** A module with one function `(ref.test (type 0) (ref.null func))`, its `ref.test` opcode given. */
export function refTestProbe(opcode: number): Uint8Array<ArrayBuffer> {
  // prettier-ignore
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x08, 0x02, 0x60, 0x00, 0x00, 0x60, 0x00, 0x01, 0x7f, // types: () -> (), () -> i32
    0x03, 0x02, 0x01, 0x01, // one function of type 1
    0x0a, 0x09, 0x01, 0x07, 0x00, 0xd0, 0x70, 0xfb, opcode, 0x00, 0x0b, // ref.null func; ref.test 0
  ]);
}

/** The sections of a WebAssembly module as [id, start, end) of their contents; null if it is not one. */
function sections(bytes: Uint8Array): [number, number, number][] | null {
  if (bytes.length < 8 || bytes[0] !== 0x00 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) return null;
  const out: [number, number, number][] = [];
  let p = 8;
  while (p < bytes.length) {
    const id = bytes[p++];
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      if (p >= bytes.length || shift > 28) return null;
      const b = bytes[p++];
      size += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) break;
    }
    if (p + size > bytes.length) return null;
    out.push([id, p, p + size]);
    p += size;
  }
  return out;
}

const EXPORT_NAME = new TextEncoder().encode('trampoline_call');

function includes(bytes: Uint8Array, start: number, end: number, needle: Uint8Array): boolean {
  outer: for (let i = start; i + needle.length <= end; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * Pyodide's trampoline module with V8 11's `ref.test` opcode, or null for any other module (one that does not
 * export `trampoline_call`). Only its code is rewritten, and in it only `ref.test` (the module has no other GC
 * instruction, and 0xfb is no immediate's byte in its few other instructions).
 */
export function withV8ElevenRefTest(bytes: Uint8Array): Uint8Array<ArrayBuffer> | null {
  const parts = sections(bytes);
  if (!parts) return null;
  const exports = parts.find(([id]) => id === 7);
  const code = parts.find(([id]) => id === 10);
  if (!exports || !code || !includes(bytes, exports[1], exports[2], EXPORT_NAME)) return null;
  const out = Uint8Array.from(bytes);
  for (let i = code[1]; i + 1 < code[2]; i++) {
    if (out[i] === 0xfb && out[i + 1] === FINAL_REF_TEST) out[i + 1] = V8_11_REF_TEST;
  }
  return out;
}

/** How this V8 runs Pyodide's trampoline: as Pyodide built it, or rewritten for V8 11 (`withV8ElevenRefTest`). */
export type TrampolineMode = 'as-built' | 'v8-11';

/**
 * Prepares this process before Pyodide loads, and says in which mode. In 'v8-11' mode, `during` wraps the
 * loading so that Pyodide's trampoline module compiles in its V8 11 form (WebAssembly.Module is the real one
 * again afterwards).
 */
export function prepareTrampoline(): { mode: TrampolineMode; during<T>(load: () => Promise<T>): Promise<T> } {
  const asBuilt = { mode: 'as-built' as const, during: <T>(load: () => Promise<T>) => load() };
  if (WebAssembly.validate(refTestProbe(FINAL_REF_TEST))) return asBuilt;
  try {
    setFlagsFromString('--experimental-wasm-gc');
  } catch {
    return asBuilt;
  }
  if (!WebAssembly.validate(refTestProbe(V8_11_REF_TEST))) return asBuilt;
  setFlagsFromString('--wasm-tiering-budget=10000');
  return {
    mode: 'v8-11',
    async during<T>(load: () => Promise<T>): Promise<T> {
      const Real = WebAssembly.Module;
      WebAssembly.Module = new Proxy(Real, {
        construct(target, args: [BufferSource, ...unknown[]]) {
          try {
            return new Real(...(args as [BufferSource]));
          } catch (e) {
            const bytes = args[0];
            const view = ArrayBuffer.isView(bytes)
              ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
              : new Uint8Array(bytes);
            const rewritten = withV8ElevenRefTest(view);
            if (!rewritten) throw e;
            return new Real(rewritten);
          }
        },
      });
      try {
        return await load();
      } finally {
        WebAssembly.Module = Real;
      }
    },
  };
}
