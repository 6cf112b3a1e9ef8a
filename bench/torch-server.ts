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

/** Steps run and the seconds they took. */
export interface Timed {
  steps: number;
  seconds: number;
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

  /** PyTorch's exercise-4 steps at this size, run for about `seconds` (at least one step). */
  step(batch: number, hidden: number, threads: number, seconds: number): Promise<Timed> {
    return this.ask<Timed>({ cmd: 'step', batch, hidden, threads, seconds, dC: 'index_add', min_steps: 1 });
  }

  close(): void {
    this.child.stdin.end();
  }
}
