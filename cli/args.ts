/** A small flag parser for the CLI: `--name value` pairs, known flags only, one clear message otherwise. */

export class UsageError extends Error {
  override name = 'UsageError';
}

/** A run that failed for a reason the output already explains: exit 1 with the text as is. */
export class RunFailed extends Error {
  override name = 'RunFailed';
  constructor(
    message: string,
    readonly raw = false,
    /** The exit status (a notebook's `sys.exit(n)`, 130 after Ctrl+C); 1 otherwise. */
    readonly status = 1,
  ) {
    super(message);
  }
}

export interface FlagSpec {
  /** Flags that take a value (`--seed 42`). */
  values: readonly string[];
  /** Flags that must be present. */
  required?: readonly string[];
}

export function parseFlags(argv: readonly string[], spec: FlagSpec): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? arg.slice(2, eq > 0 ? eq : undefined) : null;
    if (name === null) throw new UsageError(`unexpected argument '${arg}'`);
    if (!spec.values.includes(name)) throw new UsageError(`unknown option '--${name}'`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    // An empty value (`--steps ''`, `--hidden=`) is no value: never silently the default.
    if (value === undefined || value.trim() === '' || (eq < 0 && value.startsWith('--')))
      throw new UsageError(`option '--${name}' needs a value`);
    if (name in out) throw new UsageError(`option '--${name}' given twice`);
    out[name] = value;
  }
  for (const r of spec.required ?? []) if (!(r in out)) throw new UsageError(`missing required option '--${r}'`);
  return out;
}
