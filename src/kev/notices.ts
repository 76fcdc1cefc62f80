// What Kev tells the owner about work it did not start in a conversation: results to review,
// failures and budget stops. The dispatcher raises the events; this turns them into messages.

import type { TaskRow } from '../db/index.js';
import { formatUsd } from '../router/catalogue.js';
import type { Reply } from './actions/index.js';
import { reviewRequest } from './review.js';

export function failureNotice(task: TaskRow, reason: string, costMicros: number): Reply {
  const spent = costMicros ? ` Spent ${formatUsd(costMicros)}.` : '';
  return { text: `Task #${task.id} failed: ${reason}.${spent} /retry ${task.id} runs it again.` };
}

export function budgetNotice(task: TaskRow, message: string): Reply {
  return {
    text: `Today's budget is spent: ${message}. Task #${task.id} and the rest wait until tomorrow; raise KEV_DAILY_BUDGET_USD and restart to go on now.`,
  };
}

export { reviewRequest };
