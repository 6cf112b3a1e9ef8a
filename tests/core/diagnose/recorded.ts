/**
 * Recorded graphs for the diagnoses' tests, without Pyodide: a forward pass written as named statements runs
 * on the core with the notebook runtime's own Tracker and captureGraph (what a Python run records), then
 * autograd's gradients of every tensor. The lecture's pass (core/mlp/forward.ts) and small passes of other
 * names and architectures are recorded the same way.
 */
import { propagate } from '../../../core/autograd/propagate';
import type { GradientContext } from '../../../core/diagnose/consumer-terms';
import { loadNames } from '../../../cli/load-names';
import { DEFAULT_CONFIG } from '../../../core/mlp/config';
import { lectureForward, type StatementRunner } from '../../../core/mlp/forward';
import { runLectureFull } from '../../../core/mlp/run';
import { judge } from '../../../core/notebook/checks';
import { captureGraph } from '../../../core/notebook/capture';
import { Tracker } from '../../../core/notebook/tracker';
import { setListener } from '../../../core/ops/op';
import { onesLike, type Tensor } from '../../../core/tensor/tensor';

export interface Recorded {
  ctx: GradientContext;
  /** Each named tensor (leaves included) by the learner's name. */
  t: Record<string, Tensor>;
  /** Autograd's gradient of each named tensor. */
  grad(name: string): Tensor;
}

/** Runs statements as a notebook cell would: one line each, the assigned name given to the result. */
export class Recording implements StatementRunner {
  readonly tracker = new Tracker();
  private readonly texts = new Map<string, string>();
  private readonly named: Record<string, Tensor> = {};
  private line = 0;

  leaf(name: string, t: Tensor): Tensor {
    this.tracker.birth(t);
    this.tracker.name(t, name);
    this.named[name] = t;
    return t;
  }

  statement(text: string, fn: () => Tensor): Tensor {
    const target = /^\s*([A-Za-z_][\w.[\]]*)\s*=/.exec(text)![1];
    this.line++;
    this.texts.set(`0:${this.line}`, text);
    setListener(this.tracker);
    this.tracker.at(0, this.line);
    let result: Tensor;
    try {
      result = fn();
    } finally {
      setListener(null);
    }
    this.tracker.name(result, target);
    this.tracker.statementDone();
    this.named[target] = result;
    return result;
  }

  /** The graph up to `root` and autograd's gradient of every tensor in it. */
  finish(root: Tensor): Recorded {
    const grads = propagate(new Map([[root, onesLike(root)]]));
    const { graph, tensors } = captureGraph(root, this.tracker, {
      text: (loc) => this.texts.get(`${loc.cell}:${loc.line}`) ?? null,
    });
    const t = { ...this.named };
    return {
      ctx: { graph, tensors, grads },
      t,
      grad: (name) => {
        const g = grads.get(t[name]);
        if (!g) throw new Error(`autograd has no gradient for ${name}`);
        return g;
      },
    };
  }
}

let lectureCache: Recorded | null = null;

/** The lecture's exercise 1 forward pass (default config), recorded as a notebook run records it. */
export function lectureRecorded(): Recorded {
  if (lectureCache) return lectureCache;
  const run = runLectureFull({ ...DEFAULT_CONFIG, variant: 'atomic' }, loadNames());
  const rec = new Recording();
  for (const [name, p] of Object.entries(run.params)) rec.leaf(name, p);
  rec.leaf('Xb', run.Xb);
  rec.leaf('Yb', run.Yb);
  const out = lectureForward(run.params, run.Xb, run.Yb, rec);
  lectureCache = rec.finish(out.loss);
  return lectureCache;
}

export interface CmpOptions {
  /** The learner's gradient name (default `d<target>`) and the cmp's label (default the target). */
  gradName?: string;
  label?: string;
  constantName?(value: number): string | null;
  upstreamTensors?: readonly string[];
}

/** What the live check and the CLI say for `cmp(label, gradName, target)` with the given value. */
export function cmpAs(r: Recorded, target: string, manual: Tensor, o: CmpOptions = {}) {
  const gradName = o.gradName ?? `d${target}`;
  return judge({
    label: o.label ?? target,
    cell: 0,
    line: 1,
    manual,
    manualName: gradName,
    target: r.t[target],
    targetName: target,
    autograd: r.grad(target),
    context: { ctx: r.ctx, constantName: o.constantName, upstreamTensors: o.upstreamTensors },
  });
}
