/**
 * Compiles the generated WebAssembly kernel modules (small, so synchronously) and instantiates them over a
 * memory the caller owns: every kernel of one heap then works on the same buffers, with no copies.
 */

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The compiled module, or null where WebAssembly SIMD is missing. */
export function compileKernel(base64: string): WebAssembly.Module | null {
  try {
    return new WebAssembly.Module(decodeBase64(base64));
  } catch {
    return null;
  }
}

/** An instance of `module` whose imported memory is `memory`. */
export function instantiateKernel<T>(module: WebAssembly.Module, memory: WebAssembly.Memory): T {
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as T;
}
