/**
 * The learner's own modules next to the notebook (`from mlp import Linear`, `import utils.data`): the host can
 * only hand Python files it was asked for by name, so the code's import statements are read for the files
 * Python's import system would look for in the notebook's folder. Which of them exists is the host's to find
 * out; a module file that is found is read for its own imports in turn (`moduleFilesOf`), so a module that
 * imports a sibling works too. Python itself then imports them normally (the folder is on `sys.path`).
 */

/** The app's own top-level modules (and its internal `_bp…` ones): never looked for next to the notebook. */
const PROVIDED = new Set(['torch', 'matplotlib', 'tqdm', '__future__']);

// `import a.b as c, d` and `from a.b import x` at the start of a (possibly indented) line; relative imports
// (`from . import x`) are a package's own business and are found through the package's files. Read one line
// at a time with expressions that cannot backtrack far: a pair of adjacent quantifiers over the same
// characters (`import` followed by 4,000 spaces) took 93 s in main, and main reads every notebook it opens.
const LINES = /\r\n|[\n\r\u2028\u2029]/;
/** `import` and the rest of the line, its comment cut off. */
const IMPORT = /^[ \t]*import[ \t]([^#]*)/;
const IMPORT_LIST = /^[\w. \t,]*$/;
/** `from`, the module (dots first when relative), `import`, and what follows. */
const FROM = /^[ \t]*from[ \t]+(\S+)[ \t]+import[ \t]+\(?(.*)$/;
const FROM_MODULE = /^(\.*)([A-Za-z_][\w.]*)?$/;
const FROM_LIST = /^[\w \t,]*/;
const IDENT = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;

/** The names of `a.b as c, d`: `a.b` and `d` (split into words first: a pattern around ` as ` backtracks on long runs of spaces). */
const names = (list: string): string[] =>
  list
    .split(',')
    .map((part) => {
      const words = part.trim().split(/[ \t]+/);
      return words.length === 1 || (words[1] === 'as' && words.length > 2) ? words[0] : '';
    })
    .filter((name) => IDENT.test(name));

/**
 * The dotted module names a piece of Python source may import, relative imports resolved against `pkg` (the
 * dotted package the source belongs to, '' for the notebook itself). `from a import b` names `a` and `a.b`,
 * since `b` may be a submodule.
 */
export function importedModules(source: string, pkg = ''): string[] {
  const out = new Set<string>();
  for (const line of source.split(LINES)) {
    const plain = IMPORT.exec(line);
    if (plain && IMPORT_LIST.test(plain[1])) for (const name of names(plain[1])) out.add(name);
    const from = FROM.exec(line);
    const target = from && FROM_MODULE.exec(from[1]);
    if (!from || !target) continue;
    const [, dots, module = ''] = target;
    const imported = FROM_LIST.exec(from[2])![0];
    let base = module;
    if (dots.length > 0) {
      const up = pkg.split('.').filter(Boolean);
      if (dots.length - 1 > up.length) continue;
      base = [...up.slice(0, up.length - (dots.length - 1)), ...(module ? [module] : [])].join('.');
    }
    if (base) out.add(base);
    for (const name of names(imported)) out.add(base ? `${base}.${name}` : name);
  }
  return [...out];
}

/** Where Python looks for a dotted module in one folder: each package level's `__init__.py`, then the module. */
export function moduleCandidates(dotted: string): string[] {
  const parts = dotted.split('.');
  if (PROVIDED.has(parts[0]) || parts[0].startsWith('_bp')) return [];
  const out: string[] = [];
  for (let i = 1; i <= parts.length; i++) {
    const path = parts.slice(0, i).join('/');
    out.push(`${path}.py`, `${path}/__init__.py`);
  }
  return out;
}

/**
 * The relative paths of module files a piece of source may import from the notebook's folder; `path` is the
 * source's own relative path when it is itself a module file (its package resolves relative imports).
 */
export function moduleFilesOf(source: string, path = ''): string[] {
  const dir = path.split('/').slice(0, -1);
  const pkg = path.endsWith('.py') ? dir.join('.') : '';
  const out = new Set<string>();
  for (const name of importedModules(source, pkg)) for (const p of moduleCandidates(name)) out.add(p);
  return [...out];
}
