// The review request: a finished task's result with Approve / Reject / Revise choices.

import type { TaskRow } from '../db/index.js';
import { formatUsd } from '../router/catalogue.js';
import type { Reply } from './actions/index.js';
import { excerpt, firstScreen, typeLabel } from './format.js';

/** Results longer than this go as a .txt document with a short summary message. */
export const INLINE_RESULT_LIMIT = 3000;

/** The whole result as a .txt file, with a caption saying what it is. */
export function resultDocument(task: TaskRow): { filename: string; content: string; caption: string } {
  return {
    filename: `task-${task.id}-result.txt`,
    content: task.result ?? '',
    caption: `#${task.id} ${excerpt(task.title, 80)} — the full result by ${task.agent}`,
  };
}

export function reviewRequest(task: TaskRow, extra: string[] = []): Reply {
  const result = task.result ?? '';
  const head = [
    `Review #${task.id} · ${typeLabel(task.type)} by ${task.agent}: ${excerpt(task.title, 100)}`,
    ...extra,
    `Cost: ${formatUsd(task.costMicros)}`,
  ];
  const long = result.length > INLINE_RESULT_LIMIT;
  const text = long
    ? [
        ...head,
        '',
        firstScreen(result, 15, 600).text,
        '',
        `The full result (${result.length} characters) is attached; /result ${task.id} sends it again.`,
      ].join('\n')
    : [...head, '', result].join('\n');
  return {
    text,
    ...(long ? { document: resultDocument(task) } : {}),
    markdown: true,
    choices: [
      { label: 'Approve', intent: { kind: 'approve', taskId: task.id } },
      { label: 'Reject', intent: { kind: 'reject', taskId: task.id } },
      { label: 'Revise', intent: { kind: 'revise', taskId: task.id } },
    ],
  };
}
