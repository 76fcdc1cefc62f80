// Creating tasks: from a message or a /task command. Cheap, harmless tasks go
// straight to ready; consequential ones (deploy, merge, delete, spend, message someone), costly ones
// (above the confirm limit) and ones a parser flagged wait in backlog for a confirmation tap.

import type { TaskRow } from '../../db/index.js';
import type { TaskDraft } from '../../ports/intents.js';
import { formatUsd, type Provider } from '../../router/catalogue.js';
import { consequence } from '../../router/consequence.js';
import { estimateTask, type TaskEstimate } from '../../router/estimate.js';
import { usdToMicros } from '../../router/money.js';
import { type Policy, planLadder, type Rung } from '../../router/policy.js';
import { isTaskType } from '../../router/task-types.js';
import { excerpt, typeLabel } from '../format.js';
import type { Action, ActionContext, Reply } from './types.js';

export function ladderText(rungs: Rung[]): string {
  return rungs
    .map((r) => (r.skipped ? `${r.key} (${r.skipped.replace(/ is not configured$/, ' not set up')})` : r.key))
    .join(' → ');
}

/** The confirm limit when the owner sets none (KEV_CONFIRM_ABOVE_USD). */
export const DEFAULT_CONFIRM_ABOVE_USD = 0.5;

export interface Confirmation {
  /** Why Kev asks before queueing ("deploys", "could cost up to $0.80 …"); undefined: straight to ready. */
  why: string | undefined;
  estimate: TaskEstimate | undefined;
}

/** Whether a drafted task waits in backlog for a confirmation: what the parser flagged, what it does, what it may cost. */
export function confirmation(
  draft: TaskDraft,
  policy: Policy,
  configured: ReadonlySet<Provider>,
  confirmAboveUsd = DEFAULT_CONFIRM_ABOVE_USD,
): Confirmation {
  const type = isTaskType(draft.type) ? draft.type : 'triage';
  const text = draft.body || draft.title;
  const estimate = estimateTask(policy, type, configured, text.length);
  const costly =
    estimate && estimate.micros > usdToMicros(confirmAboveUsd)
      ? `could cost up to ${formatUsd(estimate.micros)} on ${estimate.key} (your confirm limit is ${formatUsd(usdToMicros(confirmAboveUsd))})`
      : undefined;
  return { why: draft.confirm ?? consequence(text) ?? costly, estimate };
}

function create(ctx: ActionContext, draft: TaskDraft): { task: TaskRow; why: string | undefined } {
  const type = isTaskType(draft.type) ? draft.type : 'triage';
  const { why } = confirmation(draft, ctx.policy, ctx.configured, ctx.budget.confirmAboveUsd);
  const task = ctx.store.tasks.create({
    title: draft.title,
    body: draft.body,
    type,
    agent: draft.agent || ctx.policy.routes[type].agent,
    state: why ? 'backlog' : 'ready',
    platform: ctx.chat.platform,
    chatId: ctx.chat.chatId,
  });
  return { task, why };
}

function describe(ctx: ActionContext, task: TaskRow, why: string | undefined): Reply {
  const rungs = isTaskType(task.type) ? planLadder(ctx.policy, task.type, ctx.configured) : [];
  const runnable = rungs.some((r) => !r.skipped);
  const lines = [
    `${why ? 'Drafted' : 'Queued'} #${task.id} · ${typeLabel(task.type)} for ${task.agent}: ${excerpt(task.title, 120)}`,
    `Models: ${ladderText(rungs)}`,
  ];
  if (!runnable)
    lines.push('No model for it is configured yet, so it waits in the queue (see README › Providers).');
  if (why) {
    lines.push(`This task ${why}, so it waits in backlog until you confirm.`);
    return {
      text: lines.join('\n'),
      choices: [
        { label: 'Confirm', intent: { kind: 'approve', taskId: task.id } },
        { label: 'Cancel', intent: { kind: 'cancel', taskId: task.id } },
      ],
    };
  }
  return { text: lines.join('\n') };
}

export const newTask: Action<'new_task'> = (intent, ctx) => {
  const created = intent.tasks.map((draft) => create(ctx, draft));
  const replies = created.map(({ task, why }) => describe(ctx, task, why));
  return { replies, focusTaskId: created.at(-1)?.task.id, awaiting: null };
};
