/** Karpathy's makemore part 5, as published, against PyTorch (tests/core/notebook/course.ts). */
import { courseAgainstTorch } from './course';

courseAgainstTorch('makemore_part5_cnn1');
