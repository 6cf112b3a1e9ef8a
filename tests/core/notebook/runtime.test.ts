/** What the notebook runtime tells the learner beyond what Python prints: notes, unsupported calls, plots, lines. */
import { describe, expect, it } from 'vitest';
import { parseNotebook } from '../../../core/notebook/parse';
import { runNotebook } from '../../../core/notebook/run';
import { FIXTURES, NAMES, python, runFile } from './notebooks';

async function runSource(path: string, source: string) {
  const nb = parseNotebook(path, new TextEncoder().encode(source));
  return runNotebook(await python(), nb, { bundledNames: NAMES, readFile: () => null });
}

const ipynb = (...cells: string[]) =>
  JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: cells.map((source) => ({ cell_type: 'code', source, metadata: {}, outputs: [] })),
  });

describe('the notebook runtime', () => {
  it("says once, on the line, that a draw from torch's unseeded global generator differs on every run", async () => {
    const run = await runSource(
      'g.py',
      'import torch\nW = torch.randn(3, 4)\nb = torch.randn(4)\nb2 = torch.randn(4)\n',
    );
    expect(run.notes).toEqual([
      "line 2: W uses torch's global generator, which was never seeded, so its values differ on every run (in PyTorch too): add `generator=g`",
      "line 3: b uses torch's global generator, which was never seeded, so its values differ on every run (in PyTorch too): add `generator=g`",
      "line 4: b2 uses torch's global generator, which was never seeded, so its values differ on every run (in PyTorch too): add `generator=g`",
    ]);
    const seeded = await runSource(
      's.py',
      'import torch\ntorch.manual_seed(42)\nW = torch.randn(3, 4)\nprint(W[0, 0].item())\n',
    );
    expect(seeded.notes).toEqual([]);
    // /usr/bin/python3 -c "import torch; torch.manual_seed(42); print(torch.randn(3,4)[0,0].item())" (torch 1.13)
    expect(seeded.cells[0].stdout).toBe('0.33669036626815796\n');
  });

  it('names the tensors of the graph even where the learner rebinds `type`, and a loop of plain Python names nothing', async () => {
    const run = await runSource(
      'n.py',
      [
        'import torch',
        'type = "train"',
        'stoi = {ch: i for i, ch in enumerate("abc")}',
        'xs = []',
        'for ch in "abcabc":',
        '    ix = stoi[ch]',
        '    xs.append(ix)',
        'W = torch.tensor([[0.5, -1.0], [2.0, 0.25]], requires_grad=True)',
        'x = torch.tensor([[1.0, 2.0]])',
        'h = torch.tanh(x @ W)',
        'n = h.sum().item()',
        'loss = (h * h).mean()',
        'loss.backward()',
        'print(len(xs), round(n, 4))',
      ].join('\n'),
    );
    expect(run.error).toBeNull();
    expect(run.cells[0].stdout).toBe('6 0.5376\n'); // /usr/bin/python3 with torch 1.13
    const names = run.graph!.nodes.map((node) => node.id);
    expect(names).toEqual(expect.arrayContaining(['W', 'x', 'h', 'loss']));
  });

  it('keeps the names a loop gives until a graph or a check reads them, then gives the graph the first of each', async () => {
    // A training loop names dozens of tensors a step: each crossing to the core cost as much as an op.
    const run = await runSource(
      'n.py',
      [
        'import torch',
        'import _bp_runtime',
        'W = torch.tensor([[0.5, -1.0], [2.0, 0.25]], requires_grad=True)',
        'x = torch.tensor([[1.0, 2.0]])',
        'with torch.no_grad():',
        '    for i in range(50):',
        '        a = x * 2',
        '        b = a + 1',
        'waiting = len(_bp_runtime.S.names) // 2',
        'h = torch.tanh(x @ W)',
        'first = h',
        'loss = (h * h).mean()',
        'loss.backward()',
        'print(waiting >= 100, len(_bp_runtime.S.names))',
      ].join('\n'),
    );
    expect(run.error).toBeNull();
    expect(run.cells[0].stdout).toBe('True 0\n');
    const names = run.graph!.nodes.map((node) => node.id);
    expect(names).toEqual(expect.arrayContaining(['W', 'x', 'h', 'loss']));
    expect(names).not.toContain('first');
  });

  it('raises NotImplementedError naming the call and its line for what it does not support', async () => {
    const run = await runSource('u.ipynb', ipynb('import torch\nx = torch.ones(3)', 'y = torch.kron(x, x)'));
    expect(run.error).toMatchObject({ type: 'NotImplementedError', cell: 1, line: 1 });
    expect(run.error!.message).toBe("torch.kron is not supported by Backprop Studio's torch (cell 2, line 1)");
  });

  it("counts cells as the cell list does (In [n], code cells only) in Python's messages and tracebacks", async () => {
    const md = (source: string) => ({ cell_type: 'markdown', source, metadata: {} });
    const code = (source: string) => ({ cell_type: 'code', source, metadata: {}, outputs: [] });
    const cells = [
      md('# Title'),
      code('import torch\nx = torch.ones(3)'),
      md('## Part 2'),
      code('y = torch.kron(x, x)'),
    ];
    const run = await runSource('m.ipynb', JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells }));
    // The cell at index 3 is the notebook's second code cell, shown as In [2].
    expect(run.error).toMatchObject({ type: 'NotImplementedError', cell: 3, line: 1 });
    expect(run.error!.message).toBe("torch.kron is not supported by Backprop Studio's torch (cell 2, line 1)");
    expect(run.error!.traceback).toContain('File "<cell 2>", line 1');
    expect(run.error!.traceback.split('\n').pop()).toBe(`NotImplementedError: ${run.error!.message}`);
  });

  it('names what torch.nn and torch.optim do not have in a NotImplementedError', async () => {
    const calls = [
      'nn.Conv2d',
      'nn.Linear(2, 2).state_dict()',
      'torch.optim.Adam',
      'nn.init.trunc_normal_',
      'nn.Embedding(3, 2, padding_idx=0)',
    ];
    const run = await runSource(
      'nn.py',
      `import torch\nimport torch.nn as nn\nfor call in ${JSON.stringify(calls)}:\n  try:\n    eval(call)\n` +
        '  except NotImplementedError as e:\n    print(e)\n',
    );
    expect(run.cells[0].stdout.split('\n')).toEqual([
      ...[
        'torch.nn.Conv2d',
        'nn.Module.state_dict',
        'torch.optim.Adam',
        'torch.nn.init.trunc_normal_',
        'nn.Embedding with padding_idx, max_norm, scale_grad_by_freq or sparse',
      ].map((what) => `${what} is not supported by Backprop Studio's torch (line 5)`),
      '',
    ]);
  });

  it("names a model's parameters in the graph by the learner's name for the model", async () => {
    const run = await runSource(
      'm.py',
      [
        'import torch',
        'import torch.nn as nn',
        'class Net(nn.Module):',
        '  def __init__(self):',
        '    super().__init__()',
        '    self.layers = nn.ModuleList([nn.Linear(3, 4), nn.Linear(4, 2, bias=False)])',
        '  def forward(self, x):',
        '    return self.layers[1](torch.tanh(self.layers[0](x)))',
        'torch.manual_seed(0)',
        'model = nn.Sequential(Net(), nn.Linear(2, 1))',
        'loss = model(torch.ones(5, 3)).sum()',
        'loss.backward()',
      ].join('\n'),
    );
    expect(run.error).toBeNull();
    expect(run.graph!.nodes.filter((n) => n.kind === 'parameter').map((n) => n.name)).toEqual([
      'model[0].layers[0].weight',
      'model[0].layers[0].bias',
      'model[0].layers[1].weight',
      'model[1].weight',
      'model[1].bias',
    ]);
  });

  it('records matplotlib calls as figures', async () => {
    const run = await runFile(`${FIXTURES}/nested/parent-names.ipynb`);
    expect(run.figures.map((f) => [f.kind, f.cell, f.line])).toEqual([
      ['heatmap', 1, 3],
      ['line', 1, 4],
      ['histogram', 1, 5],
    ]);
    const heat = run.figures[0] as { shape: number[]; cmap: string };
    expect(heat.shape).toEqual([4, 5]);
    expect(heat.cmap).toBe('gray');
  });

  it("gives a .py check the file's line and an .ipynb check the cell's", async () => {
    const body =
      "def cmp(s, dt, t):\n  pass\nw = torch.randn(2, 2, generator=torch.Generator().manual_seed(1), requires_grad=True)\n(w * 3).sum().backward()\ncmp('w', torch.ones(2, 2) * 3, w)";
    const py = await runSource('c.py', `import torch\n# %%\n${body}\n`);
    expect(py.checks.map((c) => [c.cell, c.line, c.verdict])).toEqual([[1, 7, 'exact']]);
    const nb = await runSource('c.ipynb', ipynb('import torch', body));
    expect(nb.checks.map((c) => [c.cell, c.line, c.verdict])).toEqual([[1, 5, 'exact']]);
  });

  it('uses the bundled names.txt where the notebook has none, and says so', async () => {
    const run = await runSource('n.py', "words = open('../names.txt').read().splitlines()\nprint(len(words))\n");
    expect(run.cells[0].stdout).toBe('32033\n');
    expect(run.notes).toEqual([
      '../names.txt was not found next to n.py: using the names.txt bundled with Backprop Studio',
    ]);
  });
});
