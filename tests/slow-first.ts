/**
 * The order test files start in. Vitest's own runs files it has no timings for largest first, and a fresh
 * clone (CI) has none, so the course notebooks, tiny files that each run minutes of Python, would start last
 * and run alone at the end. They start first here, so the rest of the suite fills the other worker meanwhile.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const SLOW = /tests\/core\/notebook\/course-part\d\.test\.ts$/;

export class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const slow = sorted.filter((f) => SLOW.test(f.moduleId));
    return [...slow, ...sorted.filter((f) => !SLOW.test(f.moduleId))];
  }
}
