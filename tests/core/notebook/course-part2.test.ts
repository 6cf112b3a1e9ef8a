/** Karpathy's makemore part 2, as published, against PyTorch (tests/core/notebook/course.ts). */
import { courseAgainstTorch } from './course';

courseAgainstTorch('makemore_part2_mlp');
