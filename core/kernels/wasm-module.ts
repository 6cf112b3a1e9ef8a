/** Loads a generated WebAssembly kernel module synchronously (they are small), or null without SIMD. */

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function instantiateKernel<T>(base64: string): T | null {
  try {
    const module = new WebAssembly.Module(decodeBase64(base64));
    return new WebAssembly.Instance(module, {}).exports as unknown as T;
  } catch {
    return null;
  }
}
