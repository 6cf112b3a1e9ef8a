/** Karpathy's makemore part 3, as published, against PyTorch (tests/core/notebook/course.ts). */
import { courseAgainstTorch } from './course';

courseAgainstTorch('makemore_part3_bn');
