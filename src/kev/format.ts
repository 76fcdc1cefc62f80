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

/**
 * The first screen of a long text with its line breaks kept: at most `maxLines` lines and `maxChars`
 * characters, cut at a line end where possible. `rest` says how much was left out.
 */
export function firstScreen(
  text: string,
  maxLines = 25,
  maxChars = 1500,
): { text: string; cut: boolean; restLines: number; restChars: number } {
  const lines = text.replace(/\s+$/, '').split('\n');
  const shown: string[] = [];
  let size = 0;
  for (const line of lines) {
    if (shown.length >= maxLines || size + line.length > maxChars) break;
    shown.push(line);
    size += line.length + 1;
  }
  // One line longer than the screen: show its start.
  if (shown.length === 0 && lines[0] !== undefined) shown.push(excerpt(lines[0], maxChars));
  const head = shown.join('\n');
  const restLines = lines.length - shown.length;
  const cut = restLines > 0 || head.length < text.trim().length;
  return { text: head, cut, restLines, restChars: Math.max(0, text.trim().length - head.length) };
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
