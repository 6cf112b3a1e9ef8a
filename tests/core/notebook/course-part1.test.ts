/** Karpathy's makemore part 1, as published, against PyTorch (tests/core/notebook/course.ts). */
import { courseAgainstTorch } from './course';

courseAgainstTorch('makemore_part1_bigrams');
