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
// (`from . import x`) are a package's own business and are found through the package's files.
const IMPORT = /^[ \t]*import[ \t]+([\w. \t,]+?)[ \t]*(?:#.*)?$/gm;
const FROM = /^[ \t]*from[ \t]+(\.*)([A-Za-z_][\w.]*)?[ \t]+import[ \t]+\(?([\w \t,]*)/gm;
const IDENT = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;

const names = (list: string): string[] =>
  list
    .split(',')
    .map((part) =>
      part
        .trim()
        .split(/[ \t]+as[ \t]+/)[0]
        .trim(),
    )
    .filter((name) => IDENT.test(name));

/**
 * The dotted module names a piece of Python source may import, relative imports resolved against `pkg` (the
 * dotted package the source belongs to, '' for the notebook itself). `from a import b` names `a` and `a.b`,
 * since `b` may be a submodule.
 */
export function importedModules(source: string, pkg = ''): string[] {
  const out = new Set<string>();
  for (const m of source.matchAll(IMPORT)) for (const name of names(m[1])) out.add(name);
  for (const m of source.matchAll(FROM)) {
    const [, dots, module = '', imported] = m;
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
