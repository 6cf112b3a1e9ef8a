/**
 * Exercise mode's hints for one backward step, four levels from a nudge to the answer, all read off the
 * schedule and the graph (so they work for any notebook's names): 1 the forward statements that use the
 * target, with their shapes; 2 the local derivatives; 3 the broadcasting story and `+=`; 4 the line itself.
 */
import type { Graph } from '../graph/types';
import { formatShape } from '../tensor/shape';
import { forwardExprs } from './contributions';
import { texName } from '../ops/symbolic/expr';
import { indexGraph, isNamed, type GraphIndex } from './graph-index';
import { dimOf } from './forward-expr';
import { subject } from './op-rules';
import { isReduction } from './sentences';
import type { BackwardStep, SpecialCase } from './types';

/** One piece of a hint: a sentence (`backticks` mark code), a formula, or Python lines. */
export type HintBlock =
  { kind: 'text'; text: string } | { kind: 'tex'; tex: string } | { kind: 'code'; lines: string[] };

export interface Hint {
  level: 1 | 2 | 3 | 4;
  /** What the level is about, e.g. "Where it is used". */
  title: string;
  blocks: HintBlock[];
}

export const HINT_LEVELS = 4;

const text = (t: string): HintBlock => ({ kind: 'text', text: t });
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const IDENT = /[A-Za-z0-9_]/;

/** Where `name` first occurs in `statement` as a whole name (not inside a longer identifier). */
function firstUse(statement: string, name: string): number {
  for (let at = statement.indexOf(name); at >= 0; at = statement.indexOf(name, at + 1)) {
    const before = statement[at - 1];
    const after = statement[at + name.length];
    if ((before === undefined || !IDENT.test(before)) && (after === undefined || !IDENT.test(after))) return at;
  }
  return Infinity;
}

/**
 * A statement with its operands' shapes and its result's:
 * "`probs = counts * counts_sum_inv`: counts 32×27, counts_sum_inv 32×1 → probs 32×27".
 */
export function statementShapes(ix: GraphIndex, head: string): string {
  const node = ix.node(head);
  const own = ix.graph.nodes.filter((n) => n.id === head || n.group === head);
  const operands: string[] = [];
  for (const n of own) {
    for (const i of n.inputs) {
      const h = ix.head(i);
      if (h !== head && !operands.includes(h)) operands.push(h);
    }
  }
  const stmt = node.statement ?? head;
  // In the order the statement spells them (`a * (b + c)` records b + c first); in recorded order when it
  // does not spell them all (a layer's `self.out = x @ self.weight` names none of `layers[0].weight`).
  const at = operands.map((id) => firstUse(stmt, id));
  const order = operands.map((_, k) => k);
  if (at.every(Number.isFinite)) order.sort((a, b) => at[a] - at[b]);
  const ordered = order.map((k) => `${operands[k]} ${formatShape(ix.node(operands[k]).shape)}`);
  return `\`${stmt}\`: ${ordered.length ? `${ordered.join(', ')} → ` : ''}${head} ${formatShape(node.shape)}`;
}

function uses(step: BackwardStep, ix: GraphIndex): Hint {
  const shape = formatShape(step.shape);
  if (step.kind === 'seed') {
    return {
      level: 1,
      title: 'Where it is used',
      blocks: [
        text(`${step.target} is the output: nothing uses it, so backprop starts here with d${step.target} = 1.`),
        ...(step.statement ? [text(statementShapes(ix, step.target))] : []),
      ],
    };
  }
  if (step.fused) {
    // One line covers the whole region: every statement from the target up to the consumer.
    const consumer = step.contributions[0].consumer;
    const heads = regionHeads(step, ix);
    return {
      level: 1,
      title: 'Where it is used',
      blocks: [
        text(
          `One line takes d${consumer} straight to d${step.target} ${shape}, through ` +
            `${plural(heads.length, 'statement')} of the forward pass:`,
        ),
        ...heads.map((h) => text(statementShapes(ix, h))),
      ],
    };
  }
  const consumers = [...new Set(step.contributions.map((c) => c.consumer))];
  return {
    level: 1,
    title: 'Where it is used',
    blocks: [
      text(
        `${step.target} ${shape} is used in ${consumers.length === 1 ? 'one statement' : `${consumers.length} statements`}` +
          `${consumers.length === 1 ? '' : ', and its gradient collects a term from each'}:`,
      ),
      ...consumers.map((c) => text(statementShapes(ix, c))),
    ],
  };
}

function locals(step: BackwardStep, graph: Graph): Hint {
  const blocks: HintBlock[] = [];
  if (step.kind === 'seed') {
    const t = texName(step.target);
    blocks.push({ kind: 'tex', tex: `\\frac{\\partial\\,${t}}{\\partial\\,${t}} = 1` });
  }
  const shapes = new Map(graph.nodes.map((n) => [n.id, n.shape]));
  step.contributions.forEach((c, i) => {
    const from = `d${c.consumer} ${formatShape(shapes.get(c.consumer) ?? [])}`;
    blocks.push(
      text(
        `${step.contributions.length > 1 ? `Term ${i + 1}, through` : 'Through'} \`${c.statement ?? c.consumer}\`, ` +
          `times the gradient arriving from it, ${from}:`,
      ),
      { kind: 'tex', tex: c.local },
    );
  });
  for (const s of step.special.filter((sp) => sp.kind === 'fused')) blocks.push(text(s.note));
  return { level: 2, title: 'Local derivative', blocks };
}

/** Shapes of a matrix product, and why a transpose makes them fit, without writing the product out. */
function matmulSentence(s: SpecialCase, step: BackwardStep, ix: GraphIndex): string {
  const node = ix.node(s.node);
  const x = forwardExprs(ix);
  const into = step.contributions[s.contribution].edges.find((e) => e.consumer === s.node)?.producer;
  const k = Math.max(
    0,
    node.inputs.findIndex((i) => i === into),
  );
  const [a, b] = node.inputs.map(ix.node);
  const operand = ix.node(node.inputs[k]);
  const other = ix.node(node.inputs[1 - k]);
  const g = isNamed(node) ? `d${node.id}` : `the gradient of \`${x(node.id).text}\``;
  return (
    `\`${x(node.id).text}\` is a matrix product, ${formatShape(a.shape)} @ ${formatShape(b.shape)} → ` +
    `${formatShape(node.shape)}: the gradient of ${subject(operand, x(operand.id))} must be ` +
    `${formatShape(operand.shape)}, and the only product of ${g} (${formatShape(node.shape)}) with ` +
    `${subject(other, x(other.id))} (${formatShape(other.shape)}) that has that shape takes a transpose`
  );
}

/** The fused region's named statements (the target's consumers up to the rule's start), in forward order. */
function regionHeads(step: BackwardStep, ix: GraphIndex): string[] {
  const region = new Set([...(step.fused?.collapsed ?? []), step.contributions[0].consumer]);
  return ix.graph.nodes.filter((n) => region.has(n.id) && isNamed(n)).map((n) => n.id);
}

/** Inside a fused region, each forward broadcast becomes a sum and each reduction a broadcast in the one line. */
function regionStory(step: BackwardStep, ix: GraphIndex): HintBlock[] {
  const heads = new Set(regionHeads(step, ix));
  const x = forwardExprs(ix);
  // Only what lies between the target and the rule's start: a bias broadcast beside the path is not the line's.
  const onPath = new Set([step.target]);
  const out: HintBlock[] = [];
  for (const n of ix.graph.nodes) {
    if (!heads.has(ix.head(n.id)) || !n.inputs.some((i) => onPath.has(i))) continue;
    onPath.add(n.id);
    const stmt = ix.node(ix.head(n.id)).statement ?? ix.head(n.id);
    for (const b of n.broadcasts.filter((bc) => onPath.has(bc.inputId))) {
      const operand = ix.node(b.inputId);
      out.push(
        text(
          `${subject(operand, x(operand.id))} ${formatShape(b.from)} is broadcast to ${formatShape(b.to)} in ` +
            `\`${stmt}\`: the line sums over ${b.dims.length === 1 ? `dim ${b.dims[0]}` : `dims ${b.dims.join(', ')}`} there`,
        ),
      );
    }
    if (isReduction(n.op)) {
      const input = ix.node(n.inputs[0]);
      const dim = dimOf(n.attrs, input.shape.length);
      out.push(
        text(
          `\`${stmt}\` reduces ${subject(input, x(input.id))} ${formatShape(input.shape)} ` +
            `${dim === null ? 'to a scalar' : `over dim ${dim}`} (${n.op}): the line broadcasts back over it`,
        ),
      );
    }
  }
  return out;
}

const shapeWords = (shape: readonly number[]) => (shape.length === 0 ? 'a scalar' : formatShape(shape));

function broadcasting(step: BackwardStep, ix: GraphIndex): Hint {
  const blocks: HintBlock[] = [
    ...step.reductions.map((r) => text(r.sentence)),
    ...step.expansions.map((x) => text(x.sentence)),
  ];
  const story = step.fused ? regionStory(step, ix) : [];
  if (story.length) {
    blocks.push(
      text(
        `d${step.target} has the shape of ${step.target}, ${shapeWords(step.shape)}; inside the region the line skips:`,
      ),
      ...story,
    );
  } else if (blocks.length === 0) {
    blocks.push(
      text(`Nothing is broadcast here: the gradient has the shape of the tensor, ${shapeWords(step.shape)}.`),
    );
  }
  for (const s of step.special) {
    if (s.kind === 'matmul-transpose') blocks.push(text(matmulSentence(s, step, ix)));
    else if (s.kind !== 'fused') blocks.push(text(s.note));
  }
  const n = step.contributions.length;
  if (n > 1) {
    blocks.push(
      text(
        `${step.target} is used ${n === 2 ? 'twice' : `${n} times`}, so its gradient is the sum of ${n} terms: ` +
          `write the first with \`=\` and add ${n === 2 ? 'the second' : 'each other one'} with \`+=\`.`,
      ),
    );
  }
  return { level: 3, title: 'Shapes and broadcasting', blocks };
}

/**
 * `given`: the answer's lines from elsewhere (the lecture's own, in exercise mode); null: the rule-derived
 * lines even where the step has manual ones (in exercise mode those are the learner's); undefined: the step's.
 */
function answer(step: BackwardStep, given: readonly string[] | null | undefined): Hint {
  const own = given === undefined && step.manual.length > 0;
  const lines = given ? [...given] : own ? step.manual.map((m) => m.source) : step.lines;
  const count = lines.length === 1 ? 'one line' : `${lines.length} lines`;
  return {
    level: 4,
    title: 'The answer',
    blocks: [
      text(
        given
          ? `The lecture's ${lines.length === 1 ? 'line' : 'lines'}:`
          : own
            ? lines.length === 1
              ? 'The line:'
              : 'The lines:'
            : `Derived from the rules (${count}):`,
      ),
      { kind: 'code', lines },
      { kind: 'tex', tex: step.latex },
    ],
  };
}

/** The four hints for a step, from a nudge (level 1) to the answer (level 4). */
export function hintsFor(step: BackwardStep, graph: Graph, given?: readonly string[] | null): Hint[] {
  const ix = indexGraph(graph);
  return [uses(step, ix), locals(step, graph), broadcasting(step, ix), answer(step, given)];
}
