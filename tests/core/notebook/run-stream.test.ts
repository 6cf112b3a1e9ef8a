/**
 * A run as it happens and as it ends: what it reports while running (in order), Stop as KeyboardInterrupt,
 * sys.exit, tracebacks across cells, and a fresh interpreter state for every notebook.
 */
import { describe, expect, it } from 'vitest';
import { parseNotebook } from '../../../core/notebook/parse';
import { runAndKeep, runNotebook, type RunStream } from '../../../core/notebook/run';
import type { PythonRuntimeApi } from '../../../core/notebook/python-api';
import { NAMES, python } from './notebooks';

const ipynb = (...cells: string[]) =>
  JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: cells.map((source) => ({ cell_type: 'code', source, metadata: {}, outputs: [] })),
  });

async function run(path: string, source: string, extra: { stream?: RunStream; onStdout?(t: string): void } = {}) {
  const nb = parseNotebook(path, new TextEncoder().encode(source));
  return runNotebook(await python(), nb, { bundledNames: NAMES, readFile: () => null, ...extra });
}

describe('a run as it happens', () => {
  it('reports each cell as it ends, the graph at the first backward(), checks and notes, in the order they ran', async () => {
    const events: string[] = [];
    const stream: RunStream = {
      cellDone: (c) => events.push(`cell ${c.index} ${JSON.stringify(c.stdout)}`),
      graph: (g, t) => events.push(`graph ${g.output} ${Object.keys(t).length > 0}`),
      check: (c, manual) => events.push(`check ${c.label} ${c.verdict} ${manual?.length ?? null}`),
      note: (text) => events.push(`note ${text.slice(0, 7)}`),
      progress: (done, total) => events.push(`progress ${done}/${total}`),
    };
    const result = await run(
      's.ipynb',
      ipynb(
        "import torch\nprint('a')",
        "def cmp(s, dt, t):\n  pass\nw = torch.ones(3, requires_grad=True)\nloss = (w * 2).sum()\nloss.backward()\nprint('b')",
        "cmp('w', torch.ones(3) * 2, w)\nx = torch.randn(2)",
        'with torch.no_grad():\n  for i in range(3):\n    for j in range(5):\n      pass',
      ),
      { stream },
    );
    expect(result.error).toBeNull();
    // How often a loop reports depends on the clock; that it ends on 3/3 before its cell ends does not.
    expect(events.filter((e) => !e.startsWith('progress') || e === 'progress 3/3')).toEqual([
      'cell 0 "a\\n"',
      'graph loss true',
      'cell 1 "b\\n"',
      'check w exact 3',
      'note cell 3,',
      'cell 2 ""',
      'progress 3/3',
      'cell 3 ""',
    ]);
  });
});

describe('a run that ends early', () => {
  it('ends at KeyboardInterrupt when Stop sets the interrupt buffer, in the cell that runs, the cells before it kept', async () => {
    const rt = await python();
    const py = rt.pyodide as PythonRuntimeApi & { setInterruptBuffer(b: Int32Array): void };
    const stop = new Int32Array(new SharedArrayBuffer(4));
    py.setInterruptBuffer(stop);
    try {
      const cells = ipynb("print('first')", "print('go')\nwhile True:\n    pass", "print('never')");
      // Stop is pressed while the endless cell runs (the page writes SIGINT, 2, into the buffer it shares).
      const inLoop = await run('k.ipynb', cells, { onStdout: (text) => void (text === 'go\n' && (stop[0] = 2)) });
      expect(inLoop.cells.map((c) => [c.ran, c.stdout])).toEqual([
        [true, 'first\n'],
        [true, 'go\n'],
        [false, ''],
      ]);
      expect(inLoop.error).toMatchObject({ type: 'KeyboardInterrupt', cell: 1 });
      expect(inLoop.error!.traceback).toMatch(
        /^Traceback \(most recent call last\):\n {2}File "<cell 2>", line [1-3], in <module>\n[^]*\nKeyboardInterrupt$/,
      );
      // Pressed between two cells, it lands in the runtime's own code: the next cell stops, no frame of ours shown.
      const between = await run('b.ipynb', cells, {
        stream: { cellDone: (c) => void (c.index === 0 && (stop[0] = 2)) },
      });
      expect(between.cells.map((c) => c.ran)).toEqual([true, true, false]);
      expect(between.error).toMatchObject({ type: 'KeyboardInterrupt', cell: 1, traceback: 'KeyboardInterrupt' });
      // Pressed while Python starts the run (a fresh state, torch imported): it stops before its first cell.
      stop[0] = 2;
      const starting = await run('s.ipynb', cells);
      expect(starting.cells.map((c) => c.ran)).toEqual([false, false, false]);
      expect(starting.error).toMatchObject({ type: 'KeyboardInterrupt', cell: 0 });
      expect(starting.cells[0].error).toMatchObject({ type: 'KeyboardInterrupt' });
    } finally {
      py.setInterruptBuffer(new Int32Array(new SharedArrayBuffer(4)));
    }
  });

  it('ends at sys.exit(3) and os._exit(7) with their status, later cells not run', async () => {
    const exit = await run('e.ipynb', ipynb("import sys\nprint('a')", 'sys.exit(3)', "print('after')"));
    expect(exit.cells.map((c) => c.ran)).toEqual([true, true, false]);
    expect(exit.error).toMatchObject({ type: 'SystemExit', cell: 1, line: 1, status: 3 });
    const os = await run('o.py', "import os\nprint('a')\nos._exit(7)\nprint('after')\n");
    expect(os.cells[0].stdout).toBe('a\n');
    expect(os.error).toMatchObject({ type: 'SystemExit', status: 7 });
  });

  it("prints every frame of the learner's code across cells, and reports the error at the cell that ran", async () => {
    const result = await run(
      't.ipynb',
      ipynb(
        'class Layer:\n  def __call__(self, x):\n    return self.inner(x)\n  def inner(self, x):\n    raise ValueError(f"bad {x}")',
        'layer = Layer()',
        'y = 1',
        'z = 2\nlayer(z)',
      ),
    );
    expect(result.cells.map((c) => c.ran)).toEqual([true, true, true, true]);
    expect(result.error).toMatchObject({ type: 'ValueError', message: 'bad 2', cell: 3, line: 2 });
    expect(result.error!.traceback).toBe(
      [
        'Traceback (most recent call last):',
        '  File "<cell 4>", line 2, in <module>',
        '    layer(z)',
        '    ~~~~~^^^',
        '  File "<cell 1>", line 3, in __call__',
        '    return self.inner(x)',
        '           ~~~~~~~~~~^^^',
        '  File "<cell 1>", line 5, in inner',
        '    raise ValueError(f"bad {x}")',
        'ValueError: bad 2',
      ].join('\n'),
    );
  });

  it("quotes a .py file's own line in the traceback, below `# %%` lines and markdown cells", async () => {
    const source =
      '# %%\nx = 1\n\n# %% [markdown]\n# notes\n\n# %%\ny = 2\nraise ValueError("here")\nprint("not here")\n';
    const result = await run('p.py', source);
    expect(result.error).toMatchObject({ type: 'ValueError', line: 9 });
    expect(result.error!.traceback).toBe(
      'Traceback (most recent call last):\n  File "p.py", line 9, in <module>\n    raise ValueError("here")\nValueError: here',
    );
  });

  it('shows no frame of its own for raise KeyboardInterrupt, sys.stdout = None, or a lone surrogate', async () => {
    const raised = await run('r.ipynb', ipynb('raise KeyboardInterrupt'));
    expect(raised.error!.traceback).toBe(
      'Traceback (most recent call last):\n  File "<cell 1>", line 1, in <module>\n    raise KeyboardInterrupt\nKeyboardInterrupt',
    );
    const silenced = await run('n.ipynb', ipynb("import sys\nsys.stdout = None\nprint('gone')", 'x = 1'));
    expect(silenced.error).toBeNull();
    expect(silenced.cells.map((c) => c.ran)).toEqual([true, true]);
    const surrogate = await run('u.ipynb', JSON.stringify(JSON.parse(ipynb('x = 1', 's = "\\ud800"\nprint(len(s))'))));
    for (const r of [raised, silenced, surrogate]) expect(JSON.stringify(r)).not.toContain('_bp_runtime');
    expect(surrogate.cells[0].ran).toBe(true);
  });
});

describe('every notebook in a fresh interpreter state', () => {
  it('leaves the next notebook unaffected by one that poisons torch, builtins, sys and the runtime', async () => {
    const poison = await run(
      'p.ipynb',
      ipynb(
        'import torch, builtins, sys, _bp_runtime\ntorch.tensor = None\nbuiltins.len = None\nbuiltins.secret = 42\nsys.modules["mine"] = sys\n_bp_runtime.reset = None\nsys.setrecursionlimit(50)',
      ),
    );
    expect(poison.error).toBeNull();
    const next = await run(
      'q.ipynb',
      ipynb(
        'import torch, sys\nprint(torch.tensor([1.0, 2.0]).sum().item(), len([1, 2]), "secret" in dir(__builtins__), "mine" in sys.modules, sys.getrecursionlimit() > 50)',
      ),
    );
    expect(next.error).toBeNull();
    expect(next.cells[0].stdout).toBe('3.0 2 False False True\n');
  });
});

describe('running cells again, as a notebook does', () => {
  it('re-runs a cell and runs up to a cell in the same session, with new source where given', async () => {
    const nb = parseNotebook('r.ipynb', new TextEncoder().encode(ipynb('x = 1', 'x += 1\nprint(x)', "print('end')")));
    const kept = runAndKeep(await python(), nb, { bundledNames: NAMES, readFile: () => null });
    expect(kept.run.cells.map((c) => c.stdout)).toEqual(['', '2\n', 'end\n']);
    // Shift+Enter on cell 2: its globals are the session's, so x goes on from 2.
    expect(kept.runCells([1]).cells[1].stdout).toBe('3\n');
    // Run to here (cells 1 and 2), then cell 2 with the learner's new text, which raises.
    expect(kept.runCells([0, 1]).cells[1].stdout).toBe('2\n');
    const edited = kept.runCells([1], { 1: 'print(x * 10)\nraise ValueError("no")' });
    expect([edited.cells[1].stdout, edited.cells[1].source]).toEqual(['20\n', 'print(x * 10)\nraise ValueError("no")']);
    expect(edited.error).toMatchObject({ type: 'ValueError', cell: 1, line: 2 });
    expect(edited.error!.traceback).toContain('File "<cell 2>", line 2, in <module>');
  });
});
