/**
 * Runs a learner's notebook in Pyodide (real CPython in WebAssembly) with the `torch` of core/python:
 * code cells in order, as Jupyter would (a .py file is compiled whole first, as `python FILE.py` would),
 * stopping at the first exception. What the run gives back is the forward graph of its first backward()
 * named with the learner's names, every tensor of that graph with its autograd gradient, and a check for
 * every cmp(label, dt, t) the notebook makes.
 *
 * The host loads Pyodide (Node for the CLI, a Web Worker in the app) and hands over the Python sources;
 * this module touches no file system but Pyodide's own.
 */
import type { PyObject, PythonRuntimeApi } from './python-api';
import { backward } from '../autograd/backward';
import { noGrad, setGradEnabled, setListener } from '../ops/op';
import type { Tensor } from '../tensor/tensor';
import { captureGraph, type CapturedGraph } from './capture';
import { createBridge, type Bridge } from './bridge';
import { judge } from './checks';
import { notebookFiles, type FileReader } from './files';
import { Tracker } from './tracker';
import type { CellResult, Check, Figure, Notebook, NotebookRun, NotebookTensor, PythonError } from './types';

export interface PythonRuntime {
  pyodide: PythonRuntimeApi;
  /** Python sources by path under the library folder (`torch/__init__.py`, `_bp_runtime.py`, ...). */
  sources: Readonly<Record<string, string>>;
}

export interface RunOptions {
  /** Reads a file the notebook names, relative to the notebook's folder (null: not there). */
  readFile?: FileReader;
  /** The bundled names dataset, used where the notebook's names.txt is missing. */
  bundledNames: string;
  /** Each piece of text the notebook prints, as it prints it. */
  onStdout?(text: string, cell: number): void;
  onStderr?(text: string, cell: number): void;
  /** Before each code cell runs. */
  onCell?(cell: number): void;
}

/** The runner's Python half (core/python/_bp_runtime.py), as seen through Pyodide. */
interface RuntimeModule {
  reset(kind: string): void;
  register_file(filename: string, cellStarts: unknown, text: string): void;
  compile_cell(cell: number, source: string, filename: string, firstLine: number): PyObject;
  run_code(cell: number, code: unknown): PyObject | null | undefined;
  figures_json(): string;
  dname_candidates(): string;
  resolve_pending(): void;
}

const LIB = '/bp/lib';
const HOME = '/bp/nb/a/b/c/d';

interface Session {
  tracker: Tracker;
  bridge: Bridge;
  captured: Captured | null;
  grads: Map<Tensor, Tensor>;
  checks: Check[];
  manual: Map<string, number[]>;
  notes: string[];
  statements: Map<string, string>;
}

/** The live session the registered `_bpcore` module forwards to (one Pyodide serves many runs). */
let current: Session | null = null;
const prepared = new WeakSet<PythonRuntimeApi>();

function prepare(rt: PythonRuntime, bridgeKeys: string[]): void {
  const py = rt.pyodide;
  if (prepared.has(py)) return;
  for (const [path, text] of Object.entries(rt.sources)) {
    const full = `${LIB}/${path}`;
    py.FS.mkdirTree(full.slice(0, full.lastIndexOf('/')));
    py.FS.writeFile(full, text);
  }
  const facade: Record<string, (...a: unknown[]) => unknown> = {};
  for (const key of bridgeKeys) {
    facade[key] = (...a: unknown[]) => {
      if (!current) throw new Error('no notebook is running');
      return (current.bridge as unknown as Record<string, (...x: unknown[]) => unknown>)[key](...a);
    };
  }
  py.registerJsModule('_bpcore', { core: facade });
  py.runPython(`import sys\nif ${JSON.stringify(LIB)} not in sys.path: sys.path.insert(0, ${JSON.stringify(LIB)})`);
  prepared.add(py);
}

export function runNotebook(rt: PythonRuntime, nb: Notebook, options: RunOptions): NotebookRun {
  const py = rt.pyodide;
  const tracker = new Tracker();
  const session: Session = {
    tracker,
    bridge: null as unknown as Bridge,
    captured: null,
    grads: new Map(),
    checks: [],
    manual: new Map(),
    notes: [],
    statements: new Map(),
  };
  const note = (text: string) => {
    if (!session.notes.includes(text)) session.notes.push(text);
  };
  session.bridge = createBridge(tracker, {
    onFirstBackward(root, grads) {
      session.captured = snapshot(captureGraph(root, tracker, statementSource(session)));
      session.grads = grads;
    },
    onCheck(label, manual, target, manualName, cell, line) {
      const id = target ? nodeIdOf(session, target) : null;
      const check = judge({
        label,
        cell,
        line,
        manual,
        manualName,
        target,
        targetName: id ?? (target ? (tracker.names.get(target) ?? null) : null),
        autograd: target ? (tracker.grads.get(target) ?? target.grad) : null,
      });
      session.checks.push(check);
      if (id && manual && check.verdict !== 'shape') session.manual.set(id, Array.from(manual.data));
    },
    note,
    statements(cell, texts) {
      for (const [line, text] of Object.entries(texts)) session.statements.set(`${cell}:${line}`, text);
    },
  });
  prepare(rt, Object.keys(session.bridge));

  const cells: CellResult[] = nb.cells.map((c) => ({
    index: c.index,
    kind: c.kind,
    source: c.source,
    stdout: '',
    error: null,
    ran: false,
  }));
  let running = 0;
  const out = new TextDecoder();
  const err = new TextDecoder();
  py.setStdout({
    write: (buf: Uint8Array) => {
      const text = out.decode(buf, { stream: true });
      cells[running].stdout += text;
      options.onStdout?.(text, running);
      return buf.length;
    },
  });
  py.setStderr({
    write: (buf: Uint8Array) => {
      options.onStderr?.(err.decode(buf, { stream: true }), running);
      return buf.length;
    },
  });

  current = session;
  setListener(tracker);
  setGradEnabled(true);
  let error: PythonError | null = null;
  try {
    for (const f of notebookFiles(py, nb, HOME, options.readFile, options.bundledNames)) note(f);
    py.FS.chdir(HOME);
    const runtime = py.pyimport('_bp_runtime') as RuntimeModule;
    runtime.reset(nb.format);
    py.pyimport('torch');
    const code = nb.cells.filter((c) => c.kind === 'code');
    const filename = (c: (typeof code)[number]) => (nb.format === 'py' ? nb.path : `<cell ${c.index + 1}>`);
    if (nb.format === 'py') {
      const starts = code.map((c) => [c.firstLine, c.index]);
      runtime.register_file(nb.path, py.toPy(starts), nb.cells.map((c) => c.source).join('\n'));
    } else {
      for (const c of code) runtime.register_file(filename(c), py.toPy([[1, c.index]]), c.source);
    }
    // A .py file is compiled whole before anything runs, as `python FILE.py` is; notebook cells one by one.
    const compiled = new Map<number, unknown>();
    const compile = (c: (typeof code)[number]): PythonError | null => {
      const result = runtime.compile_cell(c.index, c.source, filename(c), c.firstLine);
      const [obj, e] = result.toJs({ depth: 1 }) as [unknown, unknown];
      result.destroy();
      if (e) return toError(e);
      compiled.set(c.index, obj);
      return null;
    };
    if (nb.format === 'py') {
      for (const c of code) {
        error = compile(c);
        if (error) break;
      }
    }
    for (const c of code) {
      if (error) break;
      running = c.index;
      options.onCell?.(c.index);
      error = compiled.has(c.index) ? null : compile(c);
      cells[c.index].ran = true;
      if (!error) {
        const cellCode = compiled.get(c.index) as PyObject;
        const e = runtime.run_code(c.index, cellCode);
        cellCode.destroy();
        error = e ? toError(e) : null;
      }
      if (error) cells[c.index].error = error;
    }
    const figures = JSON.parse(runtime.figures_json()) as Figure[];
    finish(session, runtime);
    return result(nb, session, cells, figures, error);
  } finally {
    setListener(null);
    setGradEnabled(true);
    current = null;
  }
}

function toError(e: unknown): PythonError {
  const d = (e as { toJs?: (o: object) => unknown }).toJs
    ? (e as { toJs: (o: object) => unknown }).toJs({ dict_converter: Object.fromEntries })
    : e;
  (e as { destroy?(): void }).destroy?.();
  const o = d instanceof Map ? Object.fromEntries(d) : (d as Record<string, unknown>);
  return {
    type: String(o.type),
    message: String(o.message),
    cell: Number(o.cell),
    line: Number(o.line),
    traceback: String(o.traceback),
  };
}

function statementSource(s: Session) {
  return { text: (loc: { cell: number; line: number }) => s.statements.get(`${loc.cell}:${loc.line}`) ?? null };
}

function nodeIdOf(s: Session, t: Tensor): string | null {
  if (!s.captured) return null;
  for (const [id, x] of s.captured.tensors) if (x === t) return id;
  return null;
}

/** Values as they were at the backward (a training loop updates parameters in place afterwards). */
function snapshot(c: CapturedGraph): Captured {
  return { ...c, values: new Map([...c.tensors].map(([id, t]) => [id, Array.from(t.data)])) };
}

type Captured = CapturedGraph & { values: Map<string, number[]> };

/** With no backward() in the notebook, the graph ends at the last scalar that requires grad. */
function finish(s: Session, runtime: { dname_candidates(): string; resolve_pending(): void }): void {
  const t = s.tracker;
  runtime.resolve_pending();
  if (!s.captured && t.lastScalar) {
    const root = t.lastScalar;
    const grads = noGrad(() => backward(root));
    s.captured = snapshot(captureGraph(root, t, statementSource(s)));
    s.grads = grads;
    for (const [x, g] of grads) t.grads.set(x, g);
  }
  if (s.checks.length > 0 || !s.captured) return;
  // No cmp: pair `d<name>` / `d_<name>` bindings with the graph's tensors by name.
  const byName = JSON.parse(runtime.dname_candidates()) as [string, number, number, number][];
  for (const [name, handle, cell, line] of byName) {
    const base = name.replace(/^d_?/, '');
    const target = s.captured.tensors.get(base);
    if (!target) continue;
    const manual = s.bridge.tensorOf(handle);
    const check = judge({
      label: base,
      cell,
      line,
      manual,
      manualName: name,
      target,
      targetName: base,
      autograd: t.grads.get(target) ?? null,
    });
    s.checks.push(check);
    if (manual && check.verdict !== 'shape') s.manual.set(base, Array.from(manual.data));
  }
}

function result(
  nb: Notebook,
  s: Session,
  cells: CellResult[],
  figures: Figure[],
  error: PythonError | null,
): NotebookRun {
  const tensors: Record<string, NotebookTensor> = {};
  const c = s.captured;
  if (c) {
    for (const node of c.graph.nodes) {
      if (node.kind === 'op') continue;
      const t = c.tensors.get(node.id)!;
      const g = s.grads.get(t) ?? null;
      tensors[node.id] = {
        shape: [...t.shape],
        dtype: t.dtype,
        data: c.values.get(node.id)!,
        grad: g ? Array.from(g.data) : null,
        manual: s.manual.get(node.id) ?? null,
      };
    }
  }
  return {
    source: nb.path,
    format: nb.format,
    cells,
    graph: c?.graph ?? null,
    tensors,
    checks: s.checks,
    notes: s.notes,
    figures,
    error,
  };
}
