/** The lecture run and its schedule for each variant, computed once per test file. */
import { buildSchedule } from '../../../core/mlp/lecture-schedule';
import type { BackwardSchedule, BackwardStep } from '../../../core/backprop/types';
import { loadNames } from '../../../core/data/load-names-node';
import { DEFAULT_CONFIG, type MlpConfig, type Variant } from '../../../core/mlp/config';
import type { Dump } from '../../../core/mlp/dump-types';
import { runLectureFull, toDump, type LectureRun } from '../../../core/mlp/run';

export interface LectureCase {
  run: LectureRun;
  dump: Dump;
  schedule: BackwardSchedule;
  step(target: string): BackwardStep;
}

const cache = new Map<string, LectureCase>();

export function lecture(variant: Variant, config: Partial<MlpConfig> = {}): LectureCase {
  const full = { ...DEFAULT_CONFIG, ...config, variant };
  const key = JSON.stringify(full);
  let c = cache.get(key);
  if (!c) {
    const run = runLectureFull(full, loadNames());
    const dump = toDump(run);
    const schedule = buildSchedule(dump);
    const step = (target: string): BackwardStep => {
      const s = schedule.steps.find((st) => st.target === target);
      if (!s) throw new Error(`no step for ${target} in ${variant}`);
      return s;
    };
    c = { run, dump, schedule, step };
    cache.set(key, c);
  }
  return c;
}
