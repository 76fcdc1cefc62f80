// The review request: a finished task's result with Approve / Reject / Revise choices.

import type { TaskRow } from '../db/index.js';
import { formatUsd } from '../router/catalogue.js';
import type { Reply } from './actions/index.js';
import { excerpt, typeLabel } from './format.js';

/** Results longer than this go as a .txt document with a short summary message. */
export const INLINE_RESULT_LIMIT = 3000;

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
        excerpt(result, 600),
        '',
        `The full result (${result.length} characters) is attached.`,
      ].join('\n')
    : [...head, '', result].join('\n');
  return {
    text,
    ...(long ? { document: { filename: `task-${task.id}-result.txt`, content: result } } : {}),
    choices: [
      { label: 'Approve', intent: { kind: 'approve', taskId: task.id } },
      { label: 'Reject', intent: { kind: 'reject', taskId: task.id } },
      { label: 'Revise', intent: { kind: 'revise', taskId: task.id } },
    ],
  };
}
