// Pyodide's call trampoline on Node 20: its module rewritten for V8 11's `ref.test`, and that rewrite calling each
// C function with as many arguments as it takes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import wabtInit from 'wabt';
import { prepareTrampoline, refTestProbe, withV8ElevenRefTest } from '../../cli/wasm-call-trampoline';

/** The trampoline module exactly as the installed Pyodide builds it (a hex string in its Emscripten glue). */
function pyodideTrampoline(): Uint8Array {
  const glue = readFileSync(createRequire(import.meta.url).resolve('pyodide/pyodide.asm.mjs'), 'utf8');
  const hex =
    /function getWasmTrampolineModule\(\)\{return new WebAssembly\.Module\(hexStringToUTF8Array\("([0-9a-f]+)"/.exec(
      glue,
    )![1];
  return Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
}

// Four C functions of 3, 2, 1 and 0 arguments at table slots 1–4, each telling which arguments it received.
const FUNCTIONS = `(module
  (import "env" "table" (table 8 funcref))
  (func $three (param i32 i32 i32) (result i32)
    (i32.add (i32.add (local.get 0) (i32.mul (local.get 1) (i32.const 10))) (i32.mul (local.get 2) (i32.const 100))))
  (func $two (param i32 i32) (result i32) (i32.add (local.get 0) (i32.mul (local.get 1) (i32.const 10))))
  (func $one (param i32) (result i32) (local.get 0))
  (func $none (result i32) (i32.const 42))
  (func $other (param f64) (result f64) (local.get 0))
  (elem (i32.const 1) $three $two $one $none $other))`;

describe('the call trampoline for V8 11', () => {
  const original = pyodideTrampoline();

  it("rewrites only the trampoline's ref.test opcodes, and no other module", () => {
    const rewritten = withV8ElevenRefTest(original)!;
    expect(rewritten).not.toBeNull();
    const changed = [...original.keys()].filter((i) => original[i] !== rewritten[i]);
    expect(changed.length).toBe(4); // one type test per arity
    for (const i of changed) expect([original[i - 1], original[i], rewritten[i]]).toEqual([0xfb, 0x14, 0x40]);
    expect(withV8ElevenRefTest(refTestProbe(0x14))).toBeNull(); // exports no trampoline_call
    expect(withV8ElevenRefTest(new TextEncoder().encode('not a module'))).toBeNull();
  });

  it('on this V8, calls each function with the arguments it takes, and fails for one it cannot call', async () => {
    const { mode } = prepareTrampoline();
    if (WebAssembly.validate(refTestProbe(0x14)) && mode === 'as-built') {
      // A newer V8: Pyodide's own module compiles, and nothing is rewritten.
      expect(() => new WebAssembly.Module(original as Uint8Array<ArrayBuffer>)).not.toThrow();
      return;
    }
    expect(mode).toBe('v8-11');
    expect(() => new WebAssembly.Module(original as Uint8Array<ArrayBuffer>)).toThrow();
    const table = new WebAssembly.Table({ initial: 8, element: 'anyfunc' });
    const memory = new WebAssembly.Memory({ initial: 1 });
    const wabt = await wabtInit();
    const functions = new WebAssembly.Module(new Uint8Array(wabt.parseWat('f.wat', FUNCTIONS).toBinary({}).buffer));
    new WebAssembly.Instance(functions, { env: { table } });
    const trampoline = new WebAssembly.Instance(new WebAssembly.Module(withV8ElevenRefTest(original)!), {
      env: { __indirect_function_table: table, memory },
    }).exports.trampoline_call as (success: number, fn: number, a: number, b: number, c: number) => number;
    const success = new Int32Array(memory.buffer);
    const call = (fn: number) => {
      success[0] = -1;
      return [trampoline(0, fn, 1, 2, 3), success[0]];
    };
    expect(call(1)).toEqual([321, 1]);
    expect(call(2)).toEqual([21, 1]);
    expect(call(3)).toEqual([1, 1]);
    expect(call(4)).toEqual([42, 1]);
    expect(call(5)).toEqual([0, 0]); // no arity matches: Python raises SystemError rather than trapping
  });
});
