/**
 * The lecture's backward schedule: the generic schedule of its recorded graph (backprop/schedule.ts) with its
 * variant's fused rules (exercise 2 computes dlogits from dloss in one line, exercise 3 dhprebn from
 * dhpreact), its manual lines and its cmp results.
 */
import type { CmpResult } from '../autograd/cmp';
import { div, group, mul, num, sub, sum } from '../ops/symbolic/expr';
import type { FusedRule } from '../backprop/fused-rules';
import { crossEntropyGrad } from '../backprop/op-rules';
import { scheduleGraph } from '../backprop/schedule';
import type { BackwardSchedule } from '../backprop/types';
import type { Graph } from '../graph/types';
import type { MlpConfig, Variant } from './config';
import type { TensorDump } from './dump-types';
import { manualSteps } from './manual-backward';

const FUSED_CE: FusedRule = {
  name: 'fused-ce',
  from: 'loss',
  to: 'logits',
  grad: (x, g) => crossEntropyGrad(x('logits'), x('Yb'), g),
  note: 'exercise 2: the whole cross-entropy backward in one line, dlogits = (softmax(logits) - onehot(Yb)) / n',
};

const FUSED_BN: FusedRule = {
  name: 'fused-bn',
  from: 'hpreact',
  to: 'hprebn',
  grad: (x, g) => {
    const n = x('hprebn').shape[0];
    const bnraw = x('bnraw');
    const centred = sub(
      sub(mul(num(n), g), sum(g, [0], false)),
      mul(mul(num(n / (n - 1)), bnraw), sum(mul(g, bnraw), [0], false)),
    );
    return mul(div(mul(x('bngain'), x('bnvar_inv')), num(n)), group(centred));
  },
  note: 'exercise 3: the whole batchnorm backward in one line, from dhpreact to dhprebn',
};

function fusedRules(variant: Variant): FusedRule[] {
  return [
    ...(variant === 'fused-ce' || variant === 'fused' ? [FUSED_CE] : []),
    ...(variant === 'fused-bn' || variant === 'fused' ? [FUSED_BN] : []),
  ];
}

type CmpFields = Pick<TensorDump, 'exact' | 'approx' | 'maxdiff'>;

/** What buildSchedule reads of a dump (a whole Dump, core/mlp/dump-types.ts, will do). */
export interface ScheduleSource {
  config: Pick<MlpConfig, 'variant'>;
  graph: Graph;
  tensors: Readonly<Record<string, CmpFields>>;
  params: Readonly<Record<string, CmpFields>>;
}

/** The lecture's backward schedule for a dump: its variant's fused rules, manual lines and cmp results. */
export function buildSchedule(dump: ScheduleSource): BackwardSchedule {
  const { variant } = dump.config;
  const cmp: Record<string, CmpResult> = {};
  for (const [name, t] of [...Object.entries(dump.params), ...Object.entries(dump.tensors)]) {
    if (t.exact !== null && t.approx !== null)
      cmp[name] = { exact: t.exact, approx: t.approx, maxdiff: t.maxdiff ?? NaN };
  }
  const manual = manualSteps(variant).map((s) => ({ target: s.target, source: s.source, accumulate: s.accumulate }));
  return scheduleGraph(dump.graph, { fused: fusedRules(variant), manual, cmp, variant });
}
