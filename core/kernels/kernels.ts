/**
 * The WebAssembly SIMD kernels (core/kernels/*.wat), typed, and instantiated together over one memory.
 * Pointers are byte offsets into that memory; sizes and strides count elements (see each .wat's header).
 */
import { WASM_BASE64 as BATCHNORM } from './batchnorm-wasm';
import { WASM_BASE64 as ELEMENTWISE } from './elementwise-wasm';
import { WASM_BASE64 as EMBEDDING } from './embedding-wasm';
import { WASM_BASE64 as GEMM } from './gemm-wasm';
import { WASM_BASE64 as REDUCE } from './reduce-wasm';
import { WASM_BASE64 as SGD } from './sgd-wasm';
import { WASM_BASE64 as SLEEF } from './sleef-wasm';
import { WASM_BASE64 as SOFTMAX } from './softmax-wasm';
import { WASM_BASE64 as SOFTMAX_OP } from './softmax-op-wasm';
import { WASM_BASE64 as TANH } from './tanh-wasm';
import { WASM_BASE64 as TRANSPOSE } from './transpose-wasm';
import { compileKernel, instantiateKernel } from './wasm-module';

export interface Kernels {
  gemm(
    a: number,
    sai: number,
    sap: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    m: number,
    k: number,
    n: number,
    bias: number,
  ): void;
  gemm_nt(
    a: number,
    lda: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    m: number,
    k: number,
    n: number,
  ): void;
  tanh(ptr: number, len: number): void;
  tanh_sleef(ptr: number, len: number, flags: number): number;
  tanh_sleef_replay(ptr: number, len: number, flags: number): number;
  log_sleef(ptr: number, len: number, flags: number): number;
  exp_sleef(ptr: number, len: number, flags: number): number;
  fma_f32(a: number, b: number, c: number, out: number, len: number): void;
  exp(ptr: number, len: number): void;
  softmax(x: number, rows: number, cols: number, y: number, out: number, rowmax: number, rowsum: number): void;
  softmax_rows(x: number, rows: number, cols: number, d: number, flags: number): number;
  exp_f64(ptr: number, len: number, flags: number): number;
  colsum64(src: number, rows: number, cols: number, acc: number): void;
  colsqdev64(src: number, rows: number, cols: number, mean: number, acc: number): void;
  normalize(
    x: number,
    rows: number,
    cols: number,
    mean: number,
    inv: number,
    gain: number,
    bias: number,
    raw: number,
    out: number,
  ): void;
  normalize_eval(
    x: number,
    rows: number,
    cols: number,
    mean: number,
    inv: number,
    gain: number,
    bias: number,
    out: number,
  ): void;
  bn_backward(
    h: number,
    dh: number,
    raw: number,
    rows: number,
    cols: number,
    gain: number,
    inv: number,
    dpre: number,
    dprebn: number,
    dgain: number,
    dbias: number,
    db: number,
    s1: number,
    s2: number,
    scale: number,
  ): void;
  sgd(w: number, g: number, len: number, step: number): void;
  gather(table: number, x: number, count: number, e: number, out: number): void;
  scatter_add(demb: number, x: number, count: number, e: number, dtable: number): void;
  transpose32(src: number, rows: number, cols: number, out: number, ldo: number): void;
  transpose64(src: number, rows: number, cols: number, out: number, ldo: number): void;
  colsum8(src: number, rows: number, cols: number, acc: number): void;
  colsqdev8(src: number, rows: number, cols: number, mean: number, acc: number): void;
  binary(
    op: number,
    x: number,
    xrs: number,
    xcs: number,
    y: number,
    yrs: number,
    ycs: number,
    out: number,
    rows: number,
    cols: number,
    tmp: number,
  ): void;
}

const modules = [GEMM, TANH, SOFTMAX, SOFTMAX_OP, BATCHNORM, SGD, EMBEDDING, SLEEF, ELEMENTWISE, REDUCE, TRANSPOSE].map(
  compileKernel,
);

/** Whether this platform runs WebAssembly SIMD (every current browser, Node and Electron does). */
export const hasWasmKernels = modules.every((m) => m !== null);

/** All kernels, over `memory`. */
export function kernelsFor(memory: WebAssembly.Memory): Kernels {
  if (!hasWasmKernels) throw new Error('the training kernels need WebAssembly SIMD, which this platform lacks');
  return Object.assign({}, ...modules.map((m) => instantiateKernel<object>(m!, memory))) as Kernels;
}
