"""Exercise 4 of makemore part 4 ("becoming a backprop ninja") in real PyTorch, single-threaded.

This is the reference our engine's full training run is compared with, so it follows the lecture's notebook
line by line (karpathy/nn-zero-to-hero, lectures/makemore/makemore_part4_backprop.ipynb), with one deliberate
change: bngain and bnbias are drawn from the seeded generator `g`, as our product does. The notebook draws them
from torch's global generator, whose state there is unknown, so its numbers cannot be reproduced bit for bit.

Run with the real PyTorch: /usr/bin/python3 bench/torch_train.py [--steps N] [--seed S]
bench/torch_step.py and tests/fixtures/make_mlp_fixtures.py import the pieces below, so the benchmark, the
SGD fixture and this run cannot drift apart.
"""
import argparse
import os
import random
import time

import torch
import torch.nn.functional as F

NAMES = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'data', 'names.txt')

# The exercise-4 settings.
N_EMBD = 10
N_HIDDEN = 200
BLOCK_SIZE = 3
BATCH_SIZE = 32
LECTURE_SEED = 2147483647


def load_vocab():
    """Words in file order, and the lecture's char <-> int maps ('.' is 0)."""
    words = [w.strip() for w in open(NAMES, 'r')]
    chars = sorted(list(set(''.join(words))))
    stoi = {s: i + 1 for i, s in enumerate(chars)}
    stoi['.'] = 0
    itos = {i: s for s, i in stoi.items()}
    return words, stoi, itos


def build_dataset(words, stoi, block_size):
    X, Y = [], []
    for w in words:
        context = [0] * block_size
        for ch in w + '.':
            ix = stoi[ch]
            X.append(context)
            Y.append(ix)
            context = context[1:] + [ix]  # crop and append
    return torch.tensor(X), torch.tensor(Y)


def load_splits(block_size=BLOCK_SIZE):
    """The lecture's 80/10/10 split after random.seed(42) shuffles the words (shuffles a copy here)."""
    words, stoi, itos = load_vocab()
    random.seed(42)
    random.shuffle(words)
    n1 = int(0.8 * len(words))
    n2 = int(0.9 * len(words))
    splits = {
        'train': build_dataset(words[:n1], stoi, block_size),
        'val': build_dataset(words[n1:n2], stoi, block_size),
        'test': build_dataset(words[n2:], stoi, block_size),
    }
    return words, stoi, itos, splits


def init_params(g, vocab_size, n_embd, n_hidden, block_size):
    """The lecture's init, in its draw order; every draw from g (see the module docstring)."""
    C = torch.randn((vocab_size, n_embd), generator=g)
    W1 = torch.randn((n_embd * block_size, n_hidden), generator=g) * (5 / 3) / ((n_embd * block_size) ** 0.5)
    b1 = torch.randn(n_hidden, generator=g) * 0.1
    W2 = torch.randn((n_hidden, vocab_size), generator=g) * 0.1
    b2 = torch.randn(vocab_size, generator=g) * 0.1
    bngain = torch.randn((1, n_hidden), generator=g) * 0.1 + 1.0
    bnbias = torch.randn((1, n_hidden), generator=g) * 0.1
    parameters = [C, W1, b1, W2, b2, bngain, bnbias]
    for p in parameters:
        p.requires_grad = True
    return parameters


def scatter_dC(C, Xb, demb, how='loop'):
    """dC: the lecture's double loop, or index_add_ (same accumulation order, bitwise equal, much faster)."""
    dC = torch.zeros_like(C)
    if how == 'loop':
        for k in range(Xb.shape[0]):
            for j in range(Xb.shape[1]):
                ix = Xb[k, j]
                dC[ix] += demb[k, j]
    else:
        dC.index_add_(0, Xb.view(-1), demb.view(-1, C.shape[1]))
    return dC


def train_step(parameters, Xtr, Ytr, g, lr, batch_size=BATCH_SIZE, dC_how='loop'):
    """One step of exercise 4: minibatch, forward, manual fused backward, SGD. Call inside torch.no_grad()."""
    C, W1, b1, W2, b2, bngain, bnbias = parameters
    n = batch_size
    # minibatch construct
    ix = torch.randint(0, Xtr.shape[0], (batch_size,), generator=g)
    Xb, Yb = Xtr[ix], Ytr[ix]

    # forward pass; the batchnorm lines are the notebook's, which keep bnraw and bnvar_inv for the backward
    emb = C[Xb]
    embcat = emb.view(emb.shape[0], -1)
    hprebn = embcat @ W1 + b1
    bnmean = hprebn.mean(0, keepdim=True)
    bnvar = hprebn.var(0, keepdim=True, unbiased=True)
    bnvar_inv = (bnvar + 1e-5) ** -0.5
    bnraw = (hprebn - bnmean) * bnvar_inv
    hpreact = bngain * bnraw + bnbias
    h = torch.tanh(hpreact)
    logits = h @ W2 + b2
    loss = F.cross_entropy(logits, Yb)

    # manual backward: exercise 2 for cross-entropy, exercise 3 for batchnorm
    dlogits = F.softmax(logits, 1)
    dlogits[range(n), Yb] -= 1
    dlogits /= n
    dh = dlogits @ W2.T
    dW2 = h.T @ dlogits
    db2 = dlogits.sum(0)
    dhpreact = (1.0 - h**2) * dh
    dbngain = (bnraw * dhpreact).sum(0, keepdim=True)
    dbnbias = dhpreact.sum(0, keepdim=True)
    dhprebn = bngain * bnvar_inv / n * (n * dhpreact - dhpreact.sum(0) - n / (n - 1) * bnraw * (dhpreact * bnraw).sum(0))
    dembcat = dhprebn @ W1.T
    dW1 = embcat.T @ dhprebn
    db1 = dhprebn.sum(0)
    demb = dembcat.view(emb.shape)
    dC = scatter_dC(C, Xb, demb, dC_how)
    grads = [dC, dW1, db1, dW2, db2, dbngain, dbnbias]

    for p, grad in zip(parameters, grads):
        p.data += -lr * grad
    return loss


@torch.no_grad()
def calibrate(parameters, Xtr):
    """Batchnorm mean/var over the whole training set, as the notebook does after training."""
    C, W1, b1 = parameters[:3]
    emb = C[Xtr]
    embcat = emb.view(emb.shape[0], -1)
    hpreact = embcat @ W1 + b1
    return hpreact.mean(0, keepdim=True), hpreact.var(0, keepdim=True, unbiased=True)


@torch.no_grad()
def forward_eval(parameters, x, bnmean, bnvar):
    C, W1, b1, W2, b2, bngain, bnbias = parameters
    emb = C[x]
    embcat = emb.view(emb.shape[0], -1)
    hpreact = embcat @ W1 + b1
    hpreact = bngain * (hpreact - bnmean) * (bnvar + 1e-5) ** -0.5 + bnbias
    h = torch.tanh(hpreact)
    return h @ W2 + b2


@torch.no_grad()
def sample(parameters, bnmean, bnvar, itos, count=20, block_size=BLOCK_SIZE):
    g = torch.Generator().manual_seed(2147483647 + 10)
    names = []
    for _ in range(count):
        out = []
        context = [0] * block_size
        while True:
            logits = forward_eval(parameters, torch.tensor([context]), bnmean, bnvar)
            probs = F.softmax(logits, dim=1)
            ix = torch.multinomial(probs, num_samples=1, generator=g).item()
            context = context[1:] + [ix]
            out.append(ix)
            if ix == 0:
                break
        names.append(''.join(itos[i] for i in out))
    return names


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--steps', type=int, default=200000)
    ap.add_argument('--seed', type=int, default=LECTURE_SEED)
    ap.add_argument('--dC', choices=['loop', 'index_add'], default='loop',
                    help="how dC is scattered: the lecture's double loop, or index_add_ (bitwise the same)")
    args = ap.parse_args()
    torch.set_num_threads(1)

    _, _, itos, splits = load_splits()
    Xtr, Ytr = splits['train']
    g = torch.Generator().manual_seed(args.seed)
    parameters = init_params(g, len(itos), N_EMBD, N_HIDDEN, BLOCK_SIZE)
    print(sum(p.nelement() for p in parameters))

    max_steps = args.steps
    decay_at = max_steps // 2  # the lecture's 100000 of 200000
    t0 = time.perf_counter()
    with torch.no_grad():
        for i in range(max_steps):
            lr = 0.1 if i < decay_at else 0.01  # step learning rate decay
            loss = train_step(parameters, Xtr, Ytr, g, lr, dC_how=args.dC)
            if i % 10000 == 0:
                print(f'{i:7d}/{max_steps:7d}: {loss.item():.4f}', flush=True)
    elapsed = time.perf_counter() - t0
    print(f'steps/s {max_steps / elapsed:.1f} ({elapsed:.1f} s)')

    bnmean, bnvar = calibrate(parameters, Xtr)
    for split in ['train', 'val', 'test']:
        x, y = splits[split]
        loss = F.cross_entropy(forward_eval(parameters, x, bnmean, bnvar), y)
        print(split, loss.item())
    for name in sample(parameters, bnmean, bnvar, itos):
        print(name)


if __name__ == '__main__':
    main()
