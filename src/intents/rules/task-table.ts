// The task-type rule table: each row scores a type when one of its patterns appears in the message.
// The rows live in task-rules-*.ts, one file per family of work.
// Patterns run on lower-cased text. Weights: 8 an unmistakable phrase, 5-7 a strong keyword or a
// verb with its object, 3-4 a verb or a telling word, 1-2 a hint that only breaks ties.

import type { TaskType } from '../../router/task-types.js';
import { BUILD_RULES } from './task-rules-build.js';
import { BUSINESS_RULES } from './task-rules-business.js';
import { REVIEW_RULES } from './task-rules-review.js';

export interface TaskRule {
  type: TaskType;
  weight: number;
  patterns: RegExp[];
}

export const TASK_RULES: TaskRule[] = [...REVIEW_RULES, ...BUILD_RULES, ...BUSINESS_RULES];
