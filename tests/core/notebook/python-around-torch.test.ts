/**
 * The Python around torch that course and learners' notebooks use: tqdm, matplotlib's settings and odd corners,
 * modules next to the notebook, and what `import` says for a package the app does not ship.
 */
import { describe, expect, it } from 'vitest';
import { parseNotebook } from '../../../core/notebook/parse';
import { runNotebook } from '../../../core/notebook/run';
import { FIXTURES, NAMES, python, runFile } from './notebooks';

async function runSource(source: string) {
  const nb = parseNotebook('nb.py', new TextEncoder().encode(source));
  return runNotebook(await python(), nb, { bundledNames: NAMES, readFile: () => null });
}

describe('Python around torch', () => {
  it('tqdm iterates, counts and reports its progress to the runtime as tqdm does', async () => {
    const run = await runSource(`
import builtins
from tqdm import tqdm, trange
from tqdm.auto import tqdm as auto_tqdm
from tqdm.notebook import tqdm as nb_tqdm
seen = []
builtins.__bp_progress__ = lambda done, total, label: seen.append((done, total, label))
total = 0
for i in tqdm(range(5), desc='train'):
    total += i
print(total, seen[-1])
with tqdm(total=3) as bar:
    for _ in range(3):
        bar.update()
print(bar.n, seen[-1], len(tqdm(range(7))), len(list(trange(2, 6))))
bar = tqdm(iter([1, 2]))
print(bar.total, list(bar), seen[-1])
tqdm.write('written')
print(auto_tqdm is tqdm, nb_tqdm is tqdm)
`);
    expect(run.error).toBeNull();
    expect(run.cells[0].stdout).toBe(
      "10 (5, 5, 'train')\n3 (3, 3, '') 7 4\nNone [1, 2] (2, None, '')\nwritten\nTrue True\n",
    );
  });

  it('does `x[i] += y[j]` in one step where torch takes it, and as Python does on anything else', async () => {
    // Reads and writes counted: on a learner's own class every step is Python's; the training loop's
    // `dC[ix] += demb[k, j]` under no_grad asks neither getitem nor setitem (the statement is one call).
    const run = await runSource(`
import torch
log = []
class Logged:
    def __init__(self): self.d = {0: 1, (1, 2): 2}
    def __getitem__(self, k): log.append(('get', k)); return self.d[k]
    def __setitem__(self, k, v): log.append(('set', k, v)); self.d[k] = v
a, i, j = Logged(), 0, (1, 2)
a[i] += a[j]
a[j] *= 3
print(log, a.d)
reads = [0]
get = torch.Tensor.__getitem__
def counted(self, key):
    reads[0] += 1
    return get(self, key)
torch.Tensor.__getitem__ = counted
Xb = torch.tensor([[2, 0], [1, 1]])
demb = torch.arange(8.0).view(2, 2, 2)
dC = torch.zeros(3, 2)
with torch.no_grad():
    for k in range(2):
        for j in range(2):
            ix = Xb[k, j]
            dC[ix] += demb[k, j]
print(reads[0], dC)
`);
    expect(run.error).toBeNull();
    expect(run.cells[0].stdout).toBe(
      "[('get', 0), ('get', (1, 2)), ('set', 0, 3), ('get', (1, 2)), ('set', (1, 2), 6)] {0: 3, (1, 2): 6}\n" +
        '4 tensor([[ 2.,  3.],\n        [10., 12.],\n        [ 0.,  1.]])\n',
    );
  });

  it("accepts matplotlib's settings and calls it does not draw", async () => {
    const run = await runSource(`
import matplotlib
import matplotlib.pyplot as plt
plt.rcParams['figure.figsize'] = (8, 4)
matplotlib.rcParams.update({'font.size': 12})
plt.style.use('ggplot')
fig, axs = plt.subplots(1, 2, figsize=(10, 4))
axs[0].plot([1.0, 2.0])
plt.title('loss'); plt.legend(['a']); plt.grid(True); plt.text(0, 0, 'x'); plt.colorbar(); plt.show()
print(plt.rcParams['figure.figsize'], matplotlib.rcParams['font.size'], plt.rcParams is matplotlib.rcParams)
`);
    expect(run.error).toBeNull();
    expect(run.cells[0].stdout).toBe('(8, 4) 12 True\n');
    expect(run.figures.map((f) => f.kind)).toEqual(['line']);
  });

  it('imports modules and packages next to the notebook, and the modules they import', async () => {
    const run = await runFile(`${FIXTURES}/modules/uses-modules.py`);
    expect(run.error).toBeNull();
    expect(run.cells[0].stdout).toBe('6 42\n');
  });

  it("says a package the app does not ship is the app's, in Python's own exception", async () => {
    const run = await runSource(`
try:
    import numpy as np
except ImportError as e:
    print(type(e).__name__, e.name)
import sklearn.datasets
`);
    expect(run.cells[0].stdout).toBe('ModuleNotFoundError numpy\n');
    expect(run.error).toMatchObject({ type: 'ModuleNotFoundError', line: 6 });
    expect(run.error!.message).toMatch(/^No module named 'sklearn': Backprop Studio runs notebooks with torch/);
    expect(run.error!.message).toMatch(/tqdm, the \.py modules next to the notebook, and Python's standard library/);
  });
});
