"""Times one exercise-4 training step in real PyTorch: the baseline our engine's step benchmark is read against.

A step is the lecture's: minibatch draw, forward, manual fused backward, SGD update, under torch.no_grad(),
on the n_hidden=200 MLP at batch 32, single-threaded (our engine runs on one thread too).
Prints one JSON line: {"steps_per_s": ..., "ms_per_step": ...}

  /usr/bin/python3 bench/torch_step.py [--steps N] [--seed S] [--dC loop|index_add]
"""
import argparse
import json
import time

import torch

import torch_train as ex4  # the same step the full training run uses


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--steps', type=int, default=2000)
    ap.add_argument('--warmup', type=int, default=200)
    ap.add_argument('--seed', type=int, default=ex4.LECTURE_SEED)
    # the lecture's Python double loop costs 96 tiny indexing ops a step; index_add_ shows torch's own speed
    ap.add_argument('--dC', choices=['loop', 'index_add'], default='loop')
    args = ap.parse_args()
    torch.set_num_threads(1)

    _, _, itos, splits = ex4.load_splits()
    Xtr, Ytr = splits['train']
    g = torch.Generator().manual_seed(args.seed)
    parameters = ex4.init_params(g, len(itos), ex4.N_EMBD, ex4.N_HIDDEN, ex4.BLOCK_SIZE)

    with torch.no_grad():
        for _ in range(args.warmup):
            ex4.train_step(parameters, Xtr, Ytr, g, 0.1, dC_how=args.dC)
        t0 = time.perf_counter()
        for _ in range(args.steps):
            ex4.train_step(parameters, Xtr, Ytr, g, 0.1, dC_how=args.dC)
        elapsed = time.perf_counter() - t0

    print(json.dumps({'steps_per_s': round(args.steps / elapsed, 1),
                      'ms_per_step': round(1000 * elapsed / args.steps, 4)}))


if __name__ == '__main__':
    main()
