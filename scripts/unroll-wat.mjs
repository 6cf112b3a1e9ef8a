// Unrolls a .wat loop body for scripts/build-wasm.mjs. V8 neither inlines wasm calls nor reorders instructions
// across a long dependency chain, so a kernel whose group of four lanes is one such chain (SLEEF's tanh and exp:
// float64 FMAs in series) runs at its latency. Written once in the .wat and interleaved here, K independent groups
// keep the CPU busy. A body marked
//
//   ;; unroll K groups of B bytes at $ptr, sharing $a $b
//   …statements…
//   (local.set $ptr (i32.add (local.get $ptr) (i32.const B)))
//
// becomes each statement K times, copy k with its function's locals renamed ($x → $x_k, declared here) but for
// $ptr and the shared ones, and $ptr read as $ptr + k·B; the step becomes K·B. The copies run as the K
// iterations would, statement by statement, so at most one statement may touch a shared local (each copy's turn
// then comes in order); the kernel's length must be a multiple of K groups.

const DIRECTIVE = /^(\s*);; unroll (\d+) groups of (\d+) bytes at \$(\w+)(?:, sharing ((?:\$\w+ ?)+))?\s*$/;

/** Top-level parenthesised statements of `lines` (own-line `;;` comments dropped). */
function statements(lines) {
  const out = [];
  let current = '';
  let depth = 0;
  for (const line of lines) {
    const code = line.replace(/;;.*$/, '');
    if (!code.trim()) continue;
    current += `${code}\n`;
    for (const ch of code) depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
    if (depth === 0) {
      out.push(current);
      current = '';
    }
  }
  if (depth !== 0) throw new Error('unroll: unbalanced statements');
  return out;
}

/** `source` with every marked loop body unrolled (unchanged when nothing is marked). */
export function unrollWat(source) {
  const lines = source.split('\n');
  for (let at = lines.findIndex((l) => DIRECTIVE.test(l)); at >= 0; at = lines.findIndex((l) => DIRECTIVE.test(l))) {
    const [, indent, k, b, ptr, sharedList] = DIRECTIVE.exec(lines[at]);
    const copies = Number(k);
    const bytes = Number(b);
    const shared = new Set(
      (sharedList ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .map((s) => s.slice(1)),
    );
    const step = `(local.set $${ptr} (i32.add (local.get $${ptr}) (i32.const ${bytes})))`;
    const end = lines.findIndex((l, i) => i > at && l.trim() === step);
    const func = lines.findLastIndex((l, i) => i < at && l.trimStart().startsWith('(func '));
    if (end < 0 || func < 0) throw new Error(`unroll: no ${step} after line ${at + 1}, or no enclosing func`);

    const locals = new Map();
    for (const line of lines.slice(func, at))
      for (const [, name, type] of line.matchAll(/\(local \$(\w+) (\w+)\)/g)) locals.set(name, type);
    const body = statements(lines.slice(at + 1, end));
    const used = (n) => body.some((s) => new RegExp(`\\$${n}\\b`).test(s));
    const renamed = [...locals.keys()].filter((n) => n !== ptr && !shared.has(n) && used(n));
    const touching = body.filter((s) => [...shared].some((n) => new RegExp(`\\$${n}\\b`).test(s)));
    if (touching.length > 1) throw new Error(`unroll: ${touching.length} statements touch a shared local`);
    if (body.some((s) => s.includes(`(local.set $${ptr} `))) throw new Error(`unroll: the body sets $${ptr}`);

    const rename = new RegExp(`\\$(${renamed.join('|')})\\b`, 'g');
    const copy = (s, i) =>
      i === 0
        ? s
        : s
            .replace(rename, (_, n) => `$${n}_${i}`)
            .replaceAll(`(local.get $${ptr})`, `(i32.add (local.get $${ptr}) (i32.const ${i * bytes}))`);
    const interleaved = body.flatMap((s) => Array.from({ length: copies }, (_, i) => copy(s, i).trimEnd()));
    const declared = renamed.flatMap((n) =>
      Array.from({ length: copies - 1 }, (_, i) => `(local $${n}_${i + 1} ${locals.get(n)})`),
    );

    lines.splice(
      at,
      end - at + 1,
      ...interleaved,
      `${indent}(local.set $${ptr} (i32.add (local.get $${ptr}) (i32.const ${copies * bytes})))`,
    );
    // the new locals go after the function's last declaration
    const lastDecl = lines.findLastIndex((l, i) => i > func && i < at && /^\s*\(local /.test(l));
    if (lastDecl < 0) throw new Error('unroll: the function declares no locals');
    lines.splice(lastDecl + 1, 0, `    ${declared.join(' ')}`);
  }
  return lines.join('\n');
}
