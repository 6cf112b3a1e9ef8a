/**
 * The backward pass as a schedule of steps over a recorded graph (issue 4: "step through backprop"). Pure
 * and JSON in, JSON out: `scheduleGraph(graph)` runs wherever the graph is (CLI, worker, renderer); the
 * lecture's own (its fused rules, manual lines and cmp) is mlp/lecture-schedule.ts.
 */
import type { Graph } from '../graph/types';
import type { CmpResult } from '../autograd/cmp';
import { formatShape, sameShape } from '../tensor/shape';
import { alignedTex, texName } from '../ops/symbolic/expr';
import { forwardExprs, fusedTerm, termsFor, type Term } from './contributions';
import { fusedRegion, type FusedRegion, type FusedRule } from './fused-rules';
import { indexGraph } from './graph-index';
import { backwardOrder } from './order';
import type { BackwardSchedule, BackwardStep, Edge, FusedName, ManualLine } from './types';

export interface ScheduleOptions {
  /** Rules that compute a tensor's gradient in one line, skipping the tensors in between. */
  fused?: readonly FusedRule[];
  /** The hand-written backward, line by line; each step lists the lines for its target. */
  manual?: readonly (ManualLine & { target: string })[];
  /** cmp(manual, autograd) per tensor name. */
  cmp?: Readonly<Record<string, CmpResult>>;
  variant?: string | null;
}

/** The backward schedule of any recorded graph. */
export function scheduleGraph(graph: Graph, options: ScheduleOptions = {}): BackwardSchedule {
  const ix = indexGraph(graph);
  if (!ix.flows(graph.output))
    throw new Error(`schedule: ${graph.output} does not depend on a parameter, so no gradient flows`);
  const regions = (options.fused ?? []).map((rule) => fusedRegion(ix, rule));
  const collapsed: Record<string, FusedName> = {};
  for (const r of regions) for (const c of r.collapsed) collapsed[c] = r.rule.name;
  const skipped = new Set(Object.keys(collapsed));
  const x = forwardExprs(ix);
  const complete = new Set<string>();

  const steps = backwardOrder(
    ix,
    skipped,
    regions.map((r) => r.rule),
  ).map((target, index): BackwardStep => {
    const node = ix.node(target);
    const region: FusedRegion | undefined = regions.find((r) => r.rule.to === target);
    const terms: Term[] =
      target === graph.output
        ? []
        : [...termsFor({ ix, collapsed: skipped }, x, target), ...(region ? [fusedTerm(ix, x, region)] : [])].sort(
            (a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1],
          );
    for (const t of terms) {
      if (!sameShape(t.contribution.shape, node.shape)) {
        throw new Error(
          `schedule: the term of d${target} from ${t.contribution.consumer} has shape ` +
            `${formatShape(t.contribution.shape)}, but ${target} is ${formatShape(node.shape)}`,
        );
      }
    }
    const activeEdges = uniqueEdges(terms.flatMap((t) => t.contribution.edges));
    // An intermediate is complete the first time a gradient flows through it: its statement's gradient is.
    const completes: string[] = [];
    for (const id of [target, ...activeEdges.map((e) => e.producer)]) {
      if (!complete.has(id)) completes.push(id);
      complete.add(id);
    }
    const seed = node.shape.length === 0 ? '1.0' : `torch.ones_like(${target})`;
    return {
      index,
      target,
      kind: target === graph.output ? 'seed' : node.kind === 'parameter' ? 'parameter' : 'tensor',
      shape: [...(terms[0]?.contribution.shape ?? node.shape)],
      statement: node.statement,
      contributions: terms.map((t, i) => ({ ...t.contribution, accumulate: i > 0 })),
      reductions: terms.flatMap((t, i) => t.reductions.map((r) => ({ contribution: i, ...r }))),
      expansions: terms.flatMap((t, i) => t.expansions.map((e) => ({ contribution: i, ...e }))),
      special: terms.flatMap((t, i) => t.special.map((s) => ({ contribution: i, ...s }))),
      lines:
        terms.length === 0
          ? [`d${target} = ${seed}`]
          : terms.map((t, i) => `d${target} ${i === 0 ? '=' : '+='} ${t.contribution.text}`),
      latex: `d${texName(target)} = ${terms.length === 0 ? '1' : terms.map((t) => t.contribution.latex).join(' + ')}`,
      latexAligned: alignedTex(`d${texName(target)}`, termLines(terms)),
      manual: (options.manual ?? [])
        .filter((m) => m.target === target)
        .map(({ source, accumulate }) => ({ source, accumulate })),
      cmp: options.cmp?.[target] ?? null,
      fused: region ? { rule: region.rule.name, collapsed: [...region.collapsed] } : null,
      activeEdges,
      completes,
    };
  });
  return { version: 1, variant: options.variant ?? null, output: graph.output, steps, collapsed };
}

/** The terms' LaTeX as lines, each term's own (Expr.lines) or one line, later terms after a `+`. */
function termLines(terms: Term[]): string[] | undefined {
  if (!terms.some((t) => t.lines) && terms.length < 2) return undefined;
  return terms.flatMap((t, i) => {
    const [first, ...rest] = t.lines ?? [t.contribution.latex];
    return [i === 0 ? first : `+ ${first}`, ...rest];
  });
}

function uniqueEdges(edges: Edge[]): Edge[] {
  const seen = new Set<string>();
  return edges.filter((e) => {
    const key = `${e.producer}\u0000${e.consumer}`;
    return !seen.has(key) && Boolean(seen.add(key));
  });
}
