/** Karpathy's makemore part 4, as published, against PyTorch (tests/core/notebook/course.ts). */
import { courseAgainstTorch } from './course';

courseAgainstTorch('makemore_part4_backprop');
