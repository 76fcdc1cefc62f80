// Plain-text renderings of tasks, queues and reports. Platform formatting (HTML, markdown) is the
// transports' business; the core speaks plain text.

import type { TaskRow, TaskState } from '../db/index.js';
import { isTaskType, TASK_TYPE_LABELS, type TaskType } from '../router/task-types.js';

export const STATE_LABELS: Record<TaskState, string> = {
  backlog: 'backlog',
  ready: 'ready',
  in_progress: 'running',
  review: 'in review',
  merging: 'merging',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};

/** Cuts text to `max` characters on a word boundary where possible, with an ellipsis. */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

export function typeLabel(type: string): string {
  return isTaskType(type) ? TASK_TYPE_LABELS[type as TaskType] : type;
}

/** "#3 research · Scout · ready — Top 5 note-taking apps" */
export function taskLine(task: TaskRow): string {
  return `#${task.id} ${typeLabel(task.type)} · ${task.agent} · ${STATE_LABELS[task.state]} — ${excerpt(task.title, 70)}`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
