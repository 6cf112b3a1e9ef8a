/**
 * The README's torch section, generated: the ops of the registry (core/ops) with PyTorch's grad_fn for each, and
 * the Python surface of core/python/torch as its own `vars()` list it. `npm run docs:torch` rewrites the README
 * between the markers; a test fails when the README's table is not the one this build generates.
 */
import { allOps } from '../ops/op';

export const TABLE_START = '<!-- torch-table:start (npm run docs:torch writes this table) -->';
export const TABLE_END = '<!-- torch-table:end -->';

/** Python that prints the public names of each namespace of our torch, as JSON. */
export const SURFACE_CODE = `
import inspect, json
import torch, torch.nn as nn, torch.nn.functional as F, torch.nn.init as init, torch.optim as optim
def public(ns, keep):
    return sorted(n for n, v in vars(ns).items() if not n.startswith("_") and keep(v))
ours = lambda v: (getattr(v, "__module__", "") or "").startswith("torch")
function = lambda v: (inspect.isfunction(v) or inspect.isclass(v)) and ours(v) and not inspect.ismodule(v)
print(json.dumps({
    "torch.*": public(torch, lambda v: function(v) and v is not torch.NotSupported),
    "torch dtypes": public(torch, lambda v: isinstance(v, torch.dtype)),
    "Tensor": public(torch.Tensor, lambda v: True),
    "torch.nn.functional": public(F, lambda v: inspect.isfunction(v)),
    "torch.nn": public(nn, lambda v: inspect.isclass(v)),
    "torch.nn.init": public(init, lambda v: inspect.isfunction(v)),
    "torch.optim": public(optim, lambda v: inspect.isclass(v) and v is not optim.Optimizer),
}))
`;

/** The markdown between the markers: the registry's ops, then the Python surface. */
export function torchTable(surface: Record<string, string[]>): string {
  const ops = allOps()
    .filter((op) => !op.silent)
    .sort((a, b) => a.name.localeCompare(b.name));
  const lines = [
    '| op (core/ops) | grad_fn | backward |',
    '| --- | --- | --- |',
    ...ops.map(
      (op) => `| \`${op.name}\` | \`${op.gradFn}\` | ${op.rule.kind}${op.reduction ? ` (${op.reduction})` : ''} |`,
    ),
    '',
    '| Python | supported |',
    '| --- | --- |',
    ...Object.entries(surface).map(([ns, names]) => `| ${ns} | ${names.map((n) => `\`${n}\``).join(', ')} |`),
  ];
  return lines.join('\n');
}

/** text with the part between the markers replaced by table (the markers must be there). */
export function withTable(text: string, table: string): string {
  const start = text.indexOf(TABLE_START);
  const end = text.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`the README has no ${TABLE_START} … ${TABLE_END} section`);
  return `${text.slice(0, start + TABLE_START.length)}\n${table}\n${text.slice(end)}`;
}
