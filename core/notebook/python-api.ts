/**
 * What the notebook runtime uses of a Pyodide instance, named here so core/ depends on no package: the host
 * (cli/python-node.ts, the app's Python worker) loads the real one, which has all of this and more.
 */

/** A Python object handed to JavaScript (a PyProxy): call its methods, convert it, let it go. */
export interface PyObject {
  // Python methods and attributes of the proxied object, reached by name.
  [name: string]: unknown;
  toJs(options?: object): unknown;
  destroy(): void;
}

export interface PythonRuntimeApi {
  FS: {
    mkdirTree(path: string): void;
    writeFile(path: string, data: string | Uint8Array): void;
    readFile(path: string): Uint8Array;
    chdir(path: string): void;
  };
  registerJsModule(name: string, module: object): void;
  runPython(code: string, options?: { globals?: unknown }): unknown;
  pyimport(name: string): unknown;
  toPy(value: unknown): unknown;
  setStdout(options: { write: (buffer: Uint8Array) => number }): void;
  setStderr(options: { write: (buffer: Uint8Array) => number }): void;
}
