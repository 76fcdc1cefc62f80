// The owner's decisions on a task: approve (or confirm), reject, revise, cancel, retry.
// Each checks the task's state first so the answer says exactly why nothing happened.

import type { TaskRow } from '../../db/index.js';
import { mergingReply } from '../build-notices.js';
import { STATE_LABELS } from '../format.js';
import { followPipeline } from '../pipeline/index.js';
import type { Action, ActionContext, ActionResult } from './types.js';
import { say } from './types.js';

function findTask(ctx: ActionContext, id: number): TaskRow | ActionResult {
  const task = ctx.store.tasks.get(id);
  return task ?? say(`There is no task #${id}. /queue lists the tasks.`);
}

function isResult(value: TaskRow | ActionResult): value is ActionResult {
  return 'replies' in value;
}

/** While a build task's branch is being merged, nothing else may move it. */
function merging(task: TaskRow): ActionResult | undefined {
  if (task.state !== 'merging') return undefined;
  return say(`#${task.id} is being merged into main right now; I will tell you when it is done.`);
}

function decide(ctx: ActionContext, task: TaskRow, note: string, text: string): ActionResult {
  ctx.store.memory.add(
    note.replace(/^./, (c) => c.toLowerCase()),
    'decision',
  );
  // A decision on a pipeline's stage task moves the pipeline on (approve), stops it (reject) or revives it (retry).
  return {
    replies: [{ text }, ...followPipeline(ctx.store, task.id)],
    toast: note,
    focusTaskId: task.id,
    decided: { taskId: task.id, note },
    awaiting: null,
  };
}

export const approve: Action<'approve'> = (intent, ctx) => {
  const task = findTask(ctx, intent.taskId);
  if (isResult(task)) return task;
  const busy = merging(task);
  if (busy) return busy;
  if (task.state === 'review' && task.branch) {
    // Git cannot run inside this transaction: the merge service merges, then moves review → done.
    ctx.store.builds.requestMerge(task.id);
    return decide(ctx, task, `Approved #${task.id}`, mergingReply(task));
  }
  if (task.state === 'review') {
    ctx.store.tasks.move(task.id, 'done', { reason: 'approved' });
    return decide(ctx, task, `Approved #${task.id}`, `Approved #${task.id}: ${task.title}. It is done.`);
  }
  if (task.state === 'backlog') {
    ctx.store.tasks.move(task.id, 'ready', { reason: 'confirmed' });
    return decide(
      ctx,
      task,
      `Confirmed #${task.id}`,
      `Confirmed #${task.id}: ${task.title}. It is queued for ${task.agent}.`,
    );
  }
  return say(
    `Task #${task.id} is ${STATE_LABELS[task.state]}, not waiting for review: there is nothing to approve.`,
  );
};

export const reject: Action<'reject'> = (intent, ctx) => {
  const task = findTask(ctx, intent.taskId);
  if (isResult(task)) return task;
  const busy = merging(task);
  if (busy) return busy;
  if (task.state !== 'review' && task.state !== 'backlog') {
    return say(
      `Task #${task.id} is ${STATE_LABELS[task.state]}, not waiting for review: there is nothing to reject.`,
    );
  }
  const reason = intent.reason ?? 'rejected by the owner';
  ctx.store.tasks.move(task.id, 'failed', { reason: `rejected: ${reason}`, patch: { note: reason } });
  const why = intent.reason ? `: ${intent.reason}` : '';
  return decide(
    ctx,
    task,
    `Rejected #${task.id}${why}`,
    `Rejected #${task.id}${why}.${task.branch ? ` The branch ${task.branch} stays for inspection.` : ''} /retry ${task.id} brings it back.`,
  );
};

export const revise: Action<'revise'> = (intent, ctx) => {
  const task = findTask(ctx, intent.taskId);
  if (isResult(task)) return task;
  const busy = merging(task);
  if (busy) return busy;
  if (task.state !== 'review') {
    return say(
      `Task #${task.id} is ${STATE_LABELS[task.state]}, not in review: there is nothing to revise yet.`,
    );
  }
  if (!intent.notes) {
    return {
      replies: [{ text: `What should change in #${task.id}? Reply with your notes.` }],
      toast: `Revise #${task.id}: send your notes`,
      focusTaskId: task.id,
      awaiting: { kind: 'revise', taskId: task.id },
    };
  }
  ctx.store.tasks.move(task.id, 'ready', {
    reason: `revise: ${intent.notes}`,
    patch: { note: intent.notes },
  });
  return decide(
    ctx,
    task,
    `Revision asked for #${task.id}`,
    `Sent #${task.id} back to ${task.agent} with your notes: ${intent.notes}`,
  );
};

export const cancel: Action<'cancel'> = (intent, ctx) => {
  const task = findTask(ctx, intent.taskId);
  if (isResult(task)) return task;
  const busy = merging(task);
  if (busy) return busy;
  if (task.state === 'done' || task.state === 'failed' || task.state === 'cancelled') {
    return say(`Task #${task.id} is already ${STATE_LABELS[task.state]}; there is nothing to cancel.`);
  }
  ctx.store.tasks.move(task.id, 'cancelled', {
    reason: 'cancelled',
    patch: { note: 'cancelled by the owner', costMicros: ctx.store.ledger.spendOfTask(task.id) },
  });
  return decide(ctx, task, `Cancelled #${task.id}`, `Cancelled #${task.id}: ${task.title}.`);
};

export const retry: Action<'retry'> = (intent, ctx) => {
  const task = findTask(ctx, intent.taskId);
  if (isResult(task)) return task;
  if (task.state !== 'failed' && task.state !== 'cancelled') {
    return say(
      `Task #${task.id} is ${STATE_LABELS[task.state]}, not failed or cancelled: there is nothing to retry.`,
    );
  }
  ctx.store.tasks.move(task.id, 'ready', { reason: 'retry asked by the owner', patch: { attempts: 0 } });
  return decide(ctx, task, `Retrying #${task.id}`, `Queued #${task.id} again for ${task.agent}.`);
};
