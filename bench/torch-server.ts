/**
 * The long-lived PyTorch process of bench/torch_server.py: one JSON request a line, one JSON answer a line,
 * so the step bench can interleave PyTorch's repetitions with ours without paying torch's import each time.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PYTHON } from './python';

export interface BlasInfo {
  blas: string;
  reference: boolean;
  sgemm_gflops: number;
}

export class TorchServer {
  private readonly child: ChildProcessByStdio<Writable, Readable, null>;
  private readonly answers: AsyncIterator<string>;

  constructor() {
    const here = dirname(fileURLToPath(import.meta.url));
    this.child = spawn(PYTHON, ['torch_server.py'], { cwd: here, stdio: ['pipe', 'pipe', 'inherit'] });
    this.answers = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  async ask<T>(request: Record<string, unknown>): Promise<T> {
    this.child.stdin.write(`${JSON.stringify(request)}\n`);
    const { value, done } = await this.answers.next();
    if (done) throw new Error('bench/torch_server.py exited early');
    return JSON.parse(value) as T;
  }

  blas(): Promise<BlasInfo> {
    return this.ask<BlasInfo>({ cmd: 'blas' });
  }

  /** Steps per second of PyTorch's exercise-4 step at this size, timed for about `seconds`. */
  async stepsPerSecond(batch: number, hidden: number, threads: number, seconds: number): Promise<number> {
    return (await this.ask<{ steps_per_s: number }>({ cmd: 'step', batch, hidden, threads, seconds, dC: 'index_add' })).steps_per_s;
  }

  close(): void {
    this.child.stdin.end();
  }
}
