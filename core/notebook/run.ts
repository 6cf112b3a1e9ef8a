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
import { type CompiledStore, useCompiled } from './compiled-python';
import type { PyObject, PythonRuntimeApi } from './python-api';
import { backward } from '../autograd/backward';
import { noGrad, setGradEnabled, setListener } from '../ops/op';
import type { Tensor } from '../tensor/tensor';
import { captureGraph, type CapturedGraph } from './capture';
import { createBridge, type Bridge } from './bridge';
import { judge, withAliases, withMaxdiff } from './checks';
import { blame, readsOf, rightForItsName, type GradientStatement, type JudgedGradient } from '../diagnose/blame';
import { tensorNameOf } from '../diagnose/grad-name';
import { sharedNames } from '../diagnose/alias-story';
import { cellFilename, placeText } from './coords';
import { analyzeSource, type SourceStatement } from './source-analysis';
import { notebookFiles, type FileReader } from './files';
import { Tracker } from './tracker';
import { freshState } from './fresh-python';
import type { Graph } from '../graph/types';
import type {
  CellResult,
  Check,
  Figure,
  Notebook,
  NotebookCell,
  NotebookRun,
  NotebookTensor,
  PythonError,
} from './types';

export interface PythonRuntime {
  pyodide: PythonRuntimeApi;
  /** Python sources by path under the library folder (`torch/__init__.py`, `_bp_runtime/__init__.py`, ...). */
  sources: Readonly<Record<string, string>>;
  /** Their bytecode as the host keeps it between starts (compiled-python.ts); none: compiled at each import. */
  compiled?: CompiledStore;
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
  /** As the run happens (the app streams them to the page): each is called once, in the order things ran. */
  stream?: RunStream;
}

/** What a run reports while it runs: a cell that ended, the graph once captured, each check, note, loop progress. */
export interface RunStream {
  /** A code cell ran to its end or its error, with the figures it drew (the whole run's so far). */
  cellDone?(cell: CellResult, figures: Figure[]): void;
  /** The first backward() ran: the graph and its tensors, as the run's result will have them. */
  graph?(graph: Graph, tensors: Record<string, NotebookTensor>): void;
  /** A cmp(...) call was judged, with the learner's gradient's values when it had the target's shape. */
  check?(check: Check, manual: number[] | null): void;
  /** One of the app's notes, said once. */
  note?(text: string): void;
  /** The running loop's progress (a top-level `for ... in range(N)`, or tqdm's); total -1 when unknown. */
  progress?(done: number, total: number, label: string): void;
}

/** The runner's Python half (core/python/_bp_runtime/), as seen through Pyodide. */
export interface RuntimeModule {
  reset(kind: string): void;
  register_file(filename: string, cellStarts: unknown, text: string): void;
  compile_cell(cell: number, source: string, filename: string, firstLine: number): PyObject;
  run_code(cell: number, code: unknown): PyObject | null | undefined;
  figures_json(): string;
  dname_candidates(): string;
  dname_bindings(): string;
  resolve_pending(): void;
  // exercise mode (exercise.ts)
  save_state(key: number): void;
  has_state(key: number): boolean;
  drop_states_after(key: number): void;
  analyze(source: string, firstLine: number): string;
  exercise_begin(key: number, cell: number, source: string, filename: string, firstLine: number): string;
  exercise_step(i: number): string;
  exercise_end(): void;
  set_time_limit(seconds: number): void;
  int_constants(): string;
  cmp_pairs(sources: unknown): string;
  blank_cell(source: string): string;
  // exercise 4 (exercise-train.ts)
  assigning_cells(names: string, cells: string): string;
  /** JSON: null, or the syntax error of the cell that does not compile. */
  train_begin(cells: string, updates: string, checks: string, loss: string, lr: number): string;
  train_steps(count: number, checkLast: boolean): string;
}

const LIB = '/bp/lib';
const HOME = '/bp/nb/a/b/c/d';

export interface Session {
  tracker: Tracker;
  bridge: Bridge;
  captured: Captured | null;
  grads: Map<Tensor, Tensor>;
  checks: Check[];
  manual: Map<string, number[]>;
  notes: string[];
  statements: Map<string, string>;
  /** The code cell that was running when the graph was captured (its first backward()). */
  captureCell: number | null;
  /** Set while an exercise cell is checked: checks go there instead of into the run's list. */
  onCheck: ((check: Check, manual: Tensor | null) => void) | null;
  /** The run's listener, while it runs. */
  stream: RunStream;
}

/** The live session the registered `_bpcore` module forwards to (one Pyodide serves many runs). */
let current: Session | null = null;
/** Per interpreter: puts it back as it was before any notebook ran (see fresh-python.ts). */
const prepared = new WeakMap<PythonRuntimeApi, () => void>();

function prepare(rt: PythonRuntime, bridgeKeys: string[]): void {
  const py = rt.pyodide;
  const fresh = prepared.get(py);
  if (fresh) return fresh();
  for (const [path, text] of Object.entries(rt.sources)) {
    const full = `${LIB}/${path}`;
    py.FS.mkdirTree(full.slice(0, full.lastIndexOf('/')));
    py.FS.writeFile(full, text);
  }
  if (rt.compiled) useCompiled(py, LIB, Object.keys(rt.sources), rt.compiled);
  const facade: Record<string, (...a: unknown[]) => unknown> = {};
  for (const key of bridgeKeys) {
    facade[key] = (...a: unknown[]) => {
      if (!current) throw new Error('no notebook is running');
      return (current.bridge as unknown as Record<string, (...x: unknown[]) => unknown>)[key](...a);
    };
  }
  // What the runtime tells its host (not the core): loop progress.
  const host = {
    progress: (done: number, total: number, label: string) => current?.stream.progress?.(done, total, label),
  };
  py.registerJsModule('_bpcore', { core: facade, host });
  py.runPython(`import sys\nif ${JSON.stringify(LIB)} not in sys.path: sys.path.insert(0, ${JSON.stringify(LIB)})`);
  prepared.set(py, freshState(py));
}

export function runNotebook(rt: PythonRuntime, nb: Notebook, options: RunOptions): NotebookRun {
  return runAndKeep(rt, nb, options).run;
}

/** Exercise mode's hold on a finished run: its session (graph, gradients, names) and the runner's Python half. */
export interface KeptRun {
  run: NotebookRun;
  session: Session;
  runtime: RuntimeModule;
  pyodide: PythonRuntimeApi;
  /**
   * Runs these code cells again in the same session, in order, as Jupyter's Shift+Enter and "run to here" do
   * (with new source where given), stopping at an exception; returns the run as it now stands.
   */
  runCells(indices: readonly number[], sources?: Readonly<Record<number, string>>): NotebookRun;
}

export interface RunHooks {
  /** Changes the cells before anything runs (exercise mode blanks the sample's answers), with the Python half. */
  rewrite?(cells: NotebookCell[], runtime: RuntimeModule): NotebookCell[];
  /** Before each code cell runs, with the runner's Python half (exercise mode saves the globals there). */
  beforeCell?(cell: NotebookCell, runtime: RuntimeModule, session: Session): void;
}

/** Runs the notebook like runNotebook and keeps its session, so cells can be run again later (exercise mode). */
export function runAndKeep(rt: PythonRuntime, nb: Notebook, options: RunOptions, hooks: RunHooks = {}): KeptRun {
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
    captureCell: null,
    onCheck: null,
    stream: options.stream ?? {},
  };
  const note = (text: string) => {
    if (session.notes.includes(text)) return;
    session.notes.push(text);
    session.stream.note?.(text);
  };
  session.bridge = createBridge(tracker, {
    onFirstBackward(root, grads) {
      session.captured = snapshot(captureGraph(root, tracker, statementSource(session)));
      session.grads = grads;
      session.captureCell = running;
      if (session.stream.graph) session.stream.graph(session.captured.graph, tensorsOf(session));
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
        context: id
          ? { ...diagnosisContext(session, py)!, upstreamTensors: upstreamTensors(manualName, { cell, line }) }
          : null,
      });
      if (session.onCheck) session.onCheck(check, manual);
      else {
        session.checks.push(check);
        const values = id && manual && check.verdict !== 'shape' ? Array.from(manual.data) : null;
        if (values) session.manual.set(id!, values);
        session.stream.check?.(check, values);
      }
      return check.verdict;
    },
    note,
    place: (cell, line) => placeText(nb, { cell, line }),
    statements(cell, texts) {
      for (const [line, text] of Object.entries(texts)) session.statements.set(`${cell}:${line}`, text);
    },
  });
  // The tensors whose gradients the statements that wrote `name` read, for splitting a formula into its terms.
  const upstreamTensors = (name: string | null, at: { cell: number; line: number }): string[] =>
    name === null
      ? []
      : readsOf(name, at, gradientStatements(cells)).flatMap((r) => {
          const id = r === name ? null : tensorNameOf(r);
          return id !== null && session.captured?.tensors.has(id) ? [id] : [];
        });
  // A Stop that lands while the interpreter is put back or the exercise's cells are read ends the run before
  // its first cell (see below), once that work is done.
  let stoppedEarly: unknown = null;
  const early = (e: unknown) => (stoppedEarly = e);
  evenIfStopped(() => prepare(rt, Object.keys(session.bridge)), early);
  const { rewrite } = hooks;
  if (rewrite)
    nb = { ...nb, cells: evenIfStopped(() => rewrite(nb.cells, py.pyimport('_bp_runtime') as RuntimeModule), early) };

  const cells: CellResult[] = notRun(nb).cells;
  let running = 0;
  const out = new TextDecoder();
  const err = new TextDecoder();
  /** What Python prints goes to the running cell (again, when cells of this run are run again later). */
  const routeOutput = () => {
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
  };
  routeOutput();

  let error: PythonError | null = null;
  return activate(session, () => {
    let runtime!: RuntimeModule;
    const code = nb.cells.filter((c) => c.kind === 'code');
    const filename = (c: (typeof code)[number]) => cellFilename(nb, c.index);
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
    // Starting the run (the files it names, a fresh interpreter state, torch, a .py's compile) is Python too:
    // a Stop landing there stops the run before its first cell, as a Stop in a cell does.
    try {
      if (stoppedEarly) throw stoppedEarly;
      runtime = py.pyimport('_bp_runtime') as RuntimeModule;
      for (const f of notebookFiles(py, nb, HOME, options.readFile, options.bundledNames)) note(f);
      py.FS.chdir(HOME);
      runtime.reset(nb.format);
      py.pyimport('torch');
      if (nb.format === 'py') {
        const starts = code.map((c) => [c.firstLine, c.index]);
        runtime.register_file(nb.path, py.toPy(starts), fileText(nb));
      } else {
        for (const c of code) runtime.register_file(filename(c), py.toPy([[1, c.index]]), c.source);
      }
      if (nb.format === 'py') {
        for (const c of code) {
          error = compile(c);
          // Nothing runs; the error stays with the cell it is in (the --out file has it there).
          if (error) {
            cells[c.index].error = error;
            break;
          }
        }
      }
    } catch (e) {
      const first = code[0]?.index ?? 0;
      error = interruption(e, first);
      if (code[0]) cells[first].error = error;
      // Python raised the interrupt and answers again: the run ends as after a Stop in a cell.
      runtime = py.pyimport('_bp_runtime') as RuntimeModule;
    }
    /** Runs one code cell as it stands now (its source may have changed since): its error, or null. */
    const runCell = (c: (typeof code)[number]): PythonError | null => {
      running = c.index;
      hooks.beforeCell?.(c, runtime, session);
      options.onCell?.(c.index);
      const cell = cells[c.index];
      cell.ran = true;
      let failed: PythonError | null;
      try {
        failed = compiled.has(c.index) ? null : compile(c);
        if (!failed) {
          cell.statements = analyzeSource(runtime, c.source, c.firstLine).statements;
          const cellCode = compiled.get(c.index) as PyObject;
          compiled.delete(c.index);
          const e = runtime.run_code(c.index, cellCode);
          cellCode.destroy();
          failed = e ? toError(e) : null;
        }
      } catch (e) {
        // Stop can land in the runtime's own code between the learner's statements: the cell stopped there.
        failed = interruption(e, c.index);
      }
      cell.error = failed;
      session.stream.cellDone?.(cell, figuresOf(runtime));
      return failed;
    };
    for (const c of code) {
      if (error) break;
      error = runCell(c);
    }
    const figures = figuresOf(runtime);
    try {
      finish(session, runtime, py, nb.format, cells);
    } catch (e) {
      // A second Stop while the run was being wrapped up: what was found so far is the run.
      interruption(e, running);
    }
    const kept: KeptRun = {
      run: result(nb, session, cells, figures, error),
      session,
      runtime,
      pyodide: py,
      runCells(indices, sources = {}) {
        routeOutput();
        return activate(session, () => {
          let failed: PythonError | null = null;
          for (const index of indices) {
            const c = code.find((x) => x.index === index);
            if (!c || failed) continue;
            const now = { ...c, source: sources[index] ?? c.source };
            cells[index].stdout = '';
            cells[index].source = now.source;
            // Its checks are made again as it runs.
            for (let k = session.checks.length - 1; k >= 0; k--)
              if (session.checks[k].cell === index) session.checks.splice(k, 1);
            if (nb.format === 'ipynb') runtime.register_file(filename(now), py.toPy([[1, index]]), now.source);
            failed = runCell(now);
          }
          kept.run = result(nb, session, cells, figuresOf(runtime), failed);
          return kept.run;
        });
      },
    };
    return kept;
  });
}

/** The figures drawn so far (none when a Stop interrupts reading them: the next cell's end has them). */
function figuresOf(runtime: RuntimeModule): Figure[] {
  try {
    return JSON.parse(runtime.figures_json()) as Figure[];
  } catch (e) {
    interruption(e, 0);
    return [];
  }
}

/**
 * Runs the app's own Python work that must happen even when a Stop lands in it (putting the interpreter back as
 * it was, or finishing after the last cell, where there is nothing left to stop): Python raises the interrupt
 * once, so the second try runs through; `stopped` hears of the Stop.
 */
export function evenIfStopped<T>(fn: () => T, stopped?: (interrupt: unknown) => void): T {
  try {
    return fn();
  } catch (e) {
    interruption(e, 0);
    stopped?.(e);
    return fn();
  }
}

/** A .py file's text as its lines stand in the file (each cell at its first line, `# %%` lines blank), for tracebacks. */
function fileText(nb: Notebook): string {
  const lines: string[] = [];
  for (const c of nb.cells) c.source.split('\n').forEach((l, i) => (lines[c.firstLine - 1 + i] = l));
  return Array.from(lines, (l) => l ?? '').join('\n');
}

/** A KeyboardInterrupt raised outside the learner's code (Stop between two statements), as the cell's error. */
function interruption(e: unknown, cell: number): PythonError {
  if (!(e instanceof Error) || (e as { type?: unknown }).type !== 'KeyboardInterrupt') throw e;
  return { type: 'KeyboardInterrupt', message: '', cell, line: 0, traceback: 'KeyboardInterrupt' };
}

/** A notebook's run before anything ran: its cells, nothing else (the page shows it while Python starts). */
export function notRun(nb: Notebook): NotebookRun {
  return {
    source: nb.path,
    format: nb.format,
    cells: nb.cells.map((c) => ({
      index: c.index,
      kind: c.kind,
      source: c.source,
      stdout: '',
      error: null,
      ran: false,
    })),
    graph: null,
    tensors: {},
    checks: [],
    notes: [],
    figures: [],
    error: null,
  };
}

/** Runs `fn` with `session` as the one the Python side's `_bpcore` calls reach, and the core recording for it. */
export function activate<T>(session: Session, fn: () => T): T {
  current = session;
  setListener(session.tracker);
  setGradEnabled(true);
  try {
    return fn();
  } finally {
    setListener(null);
    setGradEnabled(true);
    current = null;
  }
}

export function toError(e: unknown): PythonError {
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
    ...(o.status !== undefined ? { status: Number(o.status) } : {}),
  };
}

/** What a diagnosis reads: the captured graph, its tensors and autograd's gradients, the learner's constants. */
export function diagnosisContext(s: Session, py: PythonRuntimeApi) {
  if (!s.captured) return null;
  let constants: Record<string, string> | null = null;
  return {
    ctx: { graph: s.captured.graph, tensors: s.captured.tensors, grads: s.grads },
    constantName(value: number): string | null {
      constants ??= JSON.parse((py.pyimport('_bp_runtime') as RuntimeModule).int_constants()) as Record<string, string>;
      return constants[String(value)] ?? null;
    },
  };
}

function statementSource(s: Session) {
  return { text: (loc: { cell: number; line: number }) => s.statements.get(`${loc.cell}:${loc.line}`) ?? null };
}

export function nodeIdOf(s: Session, t: Tensor): string | null {
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
function finish(
  s: Session,
  runtime: RuntimeModule,
  py: PythonRuntimeApi,
  format: Notebook['format'],
  cells: readonly CellResult[],
): void {
  const t = s.tracker;
  runtime.resolve_pending();
  if (!s.captured && t.lastScalar) {
    const root = t.lastScalar;
    const grads = noGrad(() => backward(root));
    s.captured = snapshot(captureGraph(root, t, statementSource(s)));
    s.grads = grads;
    for (const [x, g] of grads) t.grads.set(x, g);
  }
  // A notebook that writes cmp calls is checked by them only (even when it stopped before any ran); one
  // without: `d<name>` / `d_<name>` bindings of the cells that ran paired with the graph's tensors by name.
  const cmpWritten = cells.some((c) => c.statements?.some((st) => st.cmps.length > 0));
  if (s.checks.length > 0 || cmpWritten || !s.captured) return blameUpstream(s, format, cells, runtime);
  const byName = JSON.parse(runtime.dname_candidates()) as [string, number, number, number][];
  for (const [name, handle, cell, line] of byName) {
    const base = tensorNameOf(name);
    const target = base === null ? null : s.captured.tensors.get(base);
    if (!target || base === null) continue;
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
      context: diagnosisContext(s, py),
    });
    s.checks.push(check);
    if (manual && check.verdict !== 'shape') s.manual.set(base, Array.from(manual.data));
  }
  blameUpstream(s, format, cells, runtime);
}

/** The statements of the cells that ran which write gradients by hand, as the one blame reads them. */
function gradientStatements(cells: readonly CellResult[]): GradientStatement[] {
  return cells.flatMap((c) =>
    (c.statements ?? [])
      .filter((st: SourceStatement) => st.grads.length > 0)
      .map((st) => ({ at: { cell: c.index, line: st.line }, writes: st.grads.map((g) => g.name), reads: st.reads })),
  );
}

interface Binding {
  name: string;
  handle: number;
  at: { cell: number; line: number };
}

/** Every line that bound a gradient name, with the tensor bound there last, in the order the code ran. */
function bindingsOf(runtime: RuntimeModule): Binding[] {
  return (JSON.parse(runtime.dname_bindings()) as [string, number, number, number][])
    .map(([name, handle, cell, line]) => ({ name, handle, at: { cell, line } }))
    .sort(inOrder);
}

/**
 * Every line that bound a `d<name>` gradient of a graph tensor, judged by the value bound there: the live check
 * judges every gradient line, so a run's blame also knows a wrong gradient that no cmp checked.
 */
function judgedBindings(s: Session, bindings: readonly Binding[]): JudgedGradient[] {
  if (!s.captured) return [];
  return bindings.flatMap(({ name, handle, at: { cell, line } }) => {
    const base = tensorNameOf(name);
    const target = base === null ? undefined : s.captured!.tensors.get(base);
    if (!target || base === null) return [];
    // Paired by its name, so right for its name exactly when right: no diagnosis is needed.
    const c = judge({
      label: base,
      cell,
      line,
      manual: s.bridge.tensorOf(handle),
      manualName: name,
      target,
      targetName: base,
      autograd: s.tracker.grads.get(target) ?? null,
    });
    return [{ name, at: { cell, line }, ok: c.verdict === 'exact' || c.verdict === 'approx' }];
  });
}

type Placed = { at: { cell: number; line: number } };
const inOrder = (a: Placed, b: Placed) => a.at.cell - b.at.cell || a.at.line - b.at.line;
const atOrBefore = (a: Placed['at'], b: Placed['at']) => a.cell < b.cell || (a.cell === b.cell && a.line <= b.line);

/** A wrong check of a gradient that is the very tensor of another gradient name says so (`dhprebn = dbndiff`). */
function tellAliases(s: Session, bindings: readonly Binding[]): void {
  s.checks.forEach((c, i) => {
    if (!c.grad_name) return;
    const here = { cell: c.cell, line: c.line };
    Object.assign(
      s.checks[i],
      withAliases(
        c,
        sharedNames(
          c.grad_name,
          bindings.filter((b) => atOrBefore(b.at, here)),
        ),
      ),
    );
  });
}

/** A wrong gradient computed from another wrong one is told to fix that one first, as the live check says. */
function blameUpstream(
  s: Session,
  format: Notebook['format'],
  cells: readonly CellResult[],
  runtime: RuntimeModule,
): void {
  if (!s.checks.some((c) => c.verdict === 'wrong' || c.verdict === 'shape')) return;
  const bindings = bindingsOf(runtime);
  tellAliases(s, bindings);
  const wrong = s.checks.filter((c) => (c.verdict === 'wrong' || c.verdict === 'shape') && c.grad_name);
  const statements = gradientStatements(cells);
  // Judged before blame is passed on, so a check is blamed on what its inputs' own checks said; with every
  // gradient line's own judgement, in the order the code ran (the blame reads the last one before a line).
  const judged = s.checks
    .flatMap((c) =>
      c.grad_name
        ? [
            {
              name: c.grad_name,
              at: { cell: c.cell, line: c.line },
              ok: rightForItsName(c.grad_name, c.verdict, c.diagnosis),
            },
          ]
        : [],
    )
    .concat(judgedBindings(s, bindings))
    .sort(inOrder);
  for (const c of wrong) {
    const up = blame(c.grad_name!, { cell: c.cell, line: c.line }, statements, judged, (p) =>
      placeText({ format, cells }, p),
    );
    if (up) {
      c.diagnosis = up;
      c.message = withMaxdiff(up.message, c.maxdiff);
    }
  }
}

function result(
  nb: Notebook,
  s: Session,
  cells: CellResult[],
  figures: Figure[],
  error: PythonError | null,
): NotebookRun {
  return {
    source: nb.path,
    format: nb.format,
    cells,
    graph: s.captured?.graph ?? null,
    tensors: tensorsOf(s),
    checks: s.checks,
    notes: s.notes,
    figures,
    error,
  };
}

/** Every value node of the captured graph: its values at the backward, autograd's and the learner's gradient. */
function tensorsOf(s: Session): Record<string, NotebookTensor> {
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
  return tensors;
}
