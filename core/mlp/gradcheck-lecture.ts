/**
 * A third opinion on the lecture's gradients: central differences of the loss in float64. Each named
 * tensor is perturbed by overriding its statement's result and replaying the rest of the pass, each
 * parameter by perturbing the parameter itself; the numbers are compared with the manual and the
 * autograd gradients of the float32 run.
 */
import { noGrad } from '../ops';
import { castTo, type Tensor } from '../tensor/tensor';
import { lectureForward, plainRunner, type Params } from './forward';
import type { GradName } from './manual-backward';
import { PARAM_NAMES, TENSOR_NAMES, type TensorName } from './names';
import type { BatchRun } from './run-batch';

export interface GradcheckRow {
  /** Elements checked (spread evenly over the tensor). */
  checked: number;
  /** max |numerical − autograd| and |numerical − manual| (null where the variant has no manual gradient). */
  autogradError: number;
  manualError: number | null;
  /** max |numerical| over the checked elements, to judge the errors against. */
  scale: number;
}

export function gradcheckLecture(run: BatchRun, { perTensor = 6, h = 1e-6 } = {}): Record<GradName, GradcheckRow> {
  const p64 = {} as Params;
  for (const name of PARAM_NAMES) p64[name] = castTo(run.params[name], 'float64');
  const loss = (params: Params, overrides: Partial<Record<TensorName, Tensor>> = {}) =>
    noGrad(() => lectureForward(params, run.Xb, run.Yb, plainRunner(overrides)).loss.data[0]);
  const t64 = noGrad(() => lectureForward(p64, run.Xb, run.Yb, plainRunner()));

  const rows = {} as Record<GradName, GradcheckRow>;
  const check = (name: GradName, data: Float64Array, evaluate: () => number) => {
    const row: GradcheckRow = { checked: 0, autogradError: 0, manualError: run.manual[name] ? 0 : null, scale: 0 };
    const stride = Math.max(1, Math.floor(data.length / perTensor));
    for (let i = 0; i < data.length; i += stride) {
      const orig = data[i];
      data[i] = orig + h;
      const plus = evaluate();
      data[i] = orig - h;
      const minus = evaluate();
      data[i] = orig;
      const numerical = (plus - minus) / (2 * h);
      row.checked++;
      row.scale = Math.max(row.scale, Math.abs(numerical));
      row.autogradError = Math.max(row.autogradError, Math.abs(numerical - run.autograd[name].data[i]));
      const manual = run.manual[name];
      if (manual && row.manualError !== null)
        row.manualError = Math.max(row.manualError, Math.abs(numerical - manual.data[i]));
    }
    rows[name] = row;
  };
  for (const name of TENSOR_NAMES) {
    if (name === 'loss') continue;
    const perturbed = castTo(t64[name], 'float64');
    check(name, perturbed.data as Float64Array, () => loss(p64, { [name]: perturbed }));
  }
  for (const name of PARAM_NAMES) check(name, p64[name].data as Float64Array, () => loss(p64));
  return rows;
}
