"""A long-lived PyTorch process the step benchmark interleaves with our engine's repetitions.

Starting Python and importing torch takes a second, so bench/step.bench.ts starts this once and sends it
one JSON request a line; it answers one JSON line each:

  {"cmd": "blas"}                       -> {"blas": "OpenBLAS 0.3.21 (...)", "reference": false, "sgemm_gflops": 80.1}
  {"cmd": "step", "batch": 32, "hidden": 200, "threads": 1, "seconds": 0.05, "dC": "index_add", "min_steps": 1}
                                        -> {"steps": 145, "seconds": 0.0501}

The step is the lecture's exercise-4 step (bench/torch_train.py), under torch.no_grad().
"""
import ctypes
import json
import os
import sys
import time

import torch

import torch_train as ex4


def loaded_blas():
    """Which BLAS shared library torch's sgemm runs on, from this process's memory map."""
    torch.ones(64, 64) @ torch.ones(64, 64)  # make sure the BLAS is loaded
    libs = set()
    with open('/proc/self/maps') as maps:
        for line in maps:
            path = line.split()[-1] if len(line.split()) >= 6 else ''
            name = os.path.basename(path)
            if any(k in name for k in ('blas', 'mkl', 'blis', 'accelerate')):
                libs.add(os.path.realpath(path))
    text = ', '.join(sorted(libs)) or 'none found in /proc/self/maps (statically linked?)'
    lower = text.lower()
    named = 'MKL' if 'mkl' in lower else 'OpenBLAS' if 'openblas' in lower else 'BLIS' if 'blis' in lower else None
    reference = named is None and 'blas' in lower  # Debian's netlib libblas.so.3
    return {'blas': f'{named or ("reference BLAS (netlib)" if reference else "unknown")}: {text}', 'reference': reference,
            'libs': sorted(libs)}


def set_threads(threads, libs):
    """torch.set_num_threads sizes torch's own pool; OpenBLAS keeps a pool of its own, sized here to match."""
    torch.set_num_threads(threads)
    for path in libs:
        if 'openblas' in os.path.basename(path):
            ctypes.CDLL(path).openblas_set_num_threads(threads)


def sgemm_gflops(libs, size=512, reps=20):
    set_threads(1, libs)
    a, b = torch.randn(size, size), torch.randn(size, size)
    for _ in range(3):
        a @ b
    t0 = time.perf_counter()
    for _ in range(reps):
        a @ b
    return round(2 * size**3 * reps / (time.perf_counter() - t0) / 1e9, 1)


class Steps:
    """Training state per size, made once, so repeated requests keep training the same network."""

    def __init__(self, libs):
        self.libs = libs
        _, _, self.itos, splits = ex4.load_splits()
        self.Xtr, self.Ytr = splits['train']
        self.models = {}

    def run(self, batch, hidden, threads, seconds, dC, min_steps):
        set_threads(threads, self.libs)
        key = (batch, hidden)
        fresh = key not in self.models
        if fresh:
            g = torch.Generator().manual_seed(ex4.LECTURE_SEED)
            self.models[key] = (g, ex4.init_params(g, len(self.itos), ex4.N_EMBD, hidden, ex4.BLOCK_SIZE))
        g, params = self.models[key]
        with torch.no_grad():
            if fresh:  # warm-up: allocator and thread pools
                for _ in range(2):
                    ex4.train_step(params, self.Xtr, self.Ytr, g, 0.1, batch_size=batch, dC_how=dC)
            steps = 0
            t0 = time.perf_counter()
            while True:
                ex4.train_step(params, self.Xtr, self.Ytr, g, 0.1, batch_size=batch, dC_how=dC)
                steps += 1
                elapsed = time.perf_counter() - t0
                if elapsed >= seconds and steps >= min_steps:
                    break
        return {'steps': steps, 'seconds': elapsed}


def main():
    blas = loaded_blas()
    steps = None
    for line in sys.stdin:
        req = json.loads(line)
        if req['cmd'] == 'blas':
            out = {'blas': blas['blas'], 'reference': blas['reference'], 'sgemm_gflops': sgemm_gflops(blas['libs'])}
        else:
            steps = steps or Steps(blas['libs'])
            out = steps.run(req['batch'], req['hidden'], req['threads'], req['seconds'], req.get('dC', 'index_add'), req.get('min_steps', 1))
        print(json.dumps(out), flush=True)


if __name__ == '__main__':
    main()
