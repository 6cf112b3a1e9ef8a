/**
 * Buffers for the WebAssembly kernels, laid out once in one memory of their own. The memory never grows
 * afterwards, so the typed-array views stay valid and JavaScript reads and writes the kernels' buffers in
 * place. Each buffer starts 16-byte aligned and is followed by SLACK bytes, which the kernels may read past
 * a row's end or spill into (see the .wat headers).
 */
import { kernelsFor, type Kernels } from './kernels';

/** Bytes after every buffer that kernels may read past its end or spill into. */
export const SLACK = 32;
const PAGE = 65536;
const align16 = (bytes: number) => (bytes + 15) & ~15;

export class HeapLayout {
  // Offset 0 stays unused: the kernels read a 0 pointer as "none" (e.g. gemm's bias).
  private end = 16;

  /** Reserves `count` elements of `bytesEach` bytes; returns the byte offset. */
  reserve(count: number, bytesEach = 4): number {
    const at = align16(this.end);
    this.end = at + count * bytesEach + SLACK;
    return at;
  }

  get bytes(): number {
    return align16(this.end);
  }
}

export class Heap {
  readonly memory: WebAssembly.Memory;
  readonly k: Kernels;

  constructor(layout: HeapLayout) {
    this.memory = new WebAssembly.Memory({ initial: Math.ceil(layout.bytes / PAGE) });
    this.k = kernelsFor(this.memory);
  }

  f32(at: number, count: number): Float32Array {
    return new Float32Array(this.memory.buffer, at, count);
  }

  f64(at: number, count: number): Float64Array {
    return new Float64Array(this.memory.buffer, at, count);
  }

  i32(at: number, count: number): Int32Array {
    return new Int32Array(this.memory.buffer, at, count);
  }
}
