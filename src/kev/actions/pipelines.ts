// The factory pipeline's actions: /pipeline <idea> starts one (its first stage's task is queued at
// once), /pipelines lists them with stage, state and cost, /pipeline resume <id> goes on after a
// rejection. The policy itself lives in src/kev/pipeline.

import { planLadder } from '../../router/policy.js';
import { isTaskType } from '../../router/task-types.js';
import {
  DEFAULT_PLAN,
  followAllPipelines,
  pipelineSummaries,
  pipelinesText,
  resumePipeline,
  startPipeline,
} from '../pipeline/index.js';
import type { Action, ActionContext } from './types.js';
import { say } from './types.js';

/** "run this idea through the factory": the idea is the owner's previous message. */
const REFERENCE = /^(?:(?:this|that|the|my|our)\s+)?(?:idea|one|it|this|that)?[.!]?$/i;

function previousIdea(ctx: ActionContext): string | undefined {
  const inbound = ctx.store.conversation
    .recent(ctx.chat.platform, ctx.chat.chatId, 12)
    .filter((m) => m.direction === 'in' && !m.text.startsWith('/') && !/^\[choice \d+:\d+\]$/.test(m.text));
  // The last inbound row is the message being handled.
  return inbound.at(-2)?.text.trim() || undefined;
}

export const pipeline: Action<'pipeline'> = (intent, ctx) => {
  const given = intent.idea.trim().replace(/^["'“]+|["'”]+$/g, '');
  const idea = REFERENCE.test(given) ? previousIdea(ctx) : given;
  if (!idea) return say('Which idea should go through the factory? Send /pipeline <idea>.');
  const started = startPipeline(ctx.store, ctx.pipelinePlan ?? DEFAULT_PLAN, idea, ctx.chat);
  const { type } = started.task;
  const runnable = isTaskType(type) && planLadder(ctx.policy, type, ctx.configured).some((r) => !r.skipped);
  const text = runnable
    ? started.reply.text
    : `${started.reply.text}\nNo model for ${started.task.agent} is configured yet, so it waits in the queue (see README › Providers).`;
  return { replies: [{ ...started.reply, text }], focusTaskId: started.task.id };
};

export const pipelines: Action<'pipelines'> = (intent, ctx) => {
  if (intent.resume !== undefined) {
    const reply = resumePipeline(ctx.store, intent.resume);
    return { replies: [reply] };
  }
  // A step a crash cut short is caught up before the listing, so it shows the truth.
  const caught = followAllPipelines(ctx.store);
  return { replies: [...caught, { text: pipelinesText(pipelineSummaries(ctx.store)) }] };
};
