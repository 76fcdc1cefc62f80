// A cycle turns a template and material from the db into one routed task, or a recorded skip:
// nothing to work on, the same cycle's previous task still open, or today's budget cannot fit it.

import type { RunEnd, Store, TaskRow, TaskState } from '../../db/index.js';
import { startOfDay, startOfWeek } from '../../ports/clock.js';
import { formatUsd, type Provider } from '../../router/catalogue.js';
import { estimateTask } from '../../router/estimate.js';
import type { Policy } from '../../router/policy.js';
import type { ChatRef } from '../actions/types.js';
import { excerpt } from '../format.js';
import { type CycleName, type CycleTemplates, fill } from './templates.js';

export interface CycleContext {
  store: Store;
  policy: Policy;
  timezone: string;
  configured: ReadonlySet<Provider>;
  dailyBudgetUsd: number;
  now: number;
  /** Where the cycle's task reports (its review request goes there). */
  chat: ChatRef;
  templates: CycleTemplates;
  /** What each build task's branch changed (security scan), by task id, when it could be read. */
  diffs?: ReadonlyMap<number, string>;
}

type Material = { values: Record<string, string> } | { skip: string };

const LIVE: TaskState[] = ['backlog', 'ready', 'in_progress', 'review'];
const DAY = 86_400_000;

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');

const bullets = (lines: string[], none: string) =>
  lines.length ? lines.map((l) => `- ${l}`).join('\n') : none;

function queueLines(store: Store): string[] {
  return store.tasks
    .list({ states: LIVE, limit: 30 })
    .map((t) => `#${t.id} ${t.type} · ${t.agent} · ${t.state} — ${excerpt(t.title, 80)}`);
}

function resultLines(store: Store, since: number): string[] {
  return store.tasks
    .list({ states: ['done'], limit: 5000 })
    .filter((t) => t.updatedAt >= since)
    .slice(-20)
    .map((t) => `#${t.id} ${t.agent}: ${excerpt(t.title, 60)} — ${excerpt(t.result ?? '', 240)}`);
}

function spendLines(ctx: CycleContext): string[] {
  const { ledger } = ctx.store;
  const week = startOfWeek(ctx.now, ctx.timezone);
  return [
    `today ${formatUsd(ledger.spendSince(startOfDay(ctx.now, ctx.timezone)))} of ${formatUsd(ctx.dailyBudgetUsd * 1_000_000)} daily budget`,
    `this week ${formatUsd(ledger.spendSince(week))}`,
    ...ledger
      .breakdown(week, 'agent')
      .map((r) => `${r.key} ${formatUsd(r.costMicros)} this week (${r.runs} runs)`),
  ];
}

function review(ctx: CycleContext, since: number, sinceWords: string): Material {
  const queue = queueLines(ctx.store);
  const results = resultLines(ctx.store, since);
  if (!queue.length && !results.length)
    return { skip: `nothing to review: the queue is empty and nothing finished ${sinceWords}` };
  return {
    values: {
      queue: bullets(queue, '(empty)'),
      results: bullets(results, '(none)'),
      spend: bullets(spendLines(ctx), '(none)'),
    },
  };
}

/** Build tasks (they have a branch) that ran today, for the security scan. */
export function builtToday(ctx: Pick<CycleContext, 'store' | 'now' | 'timezone'>): TaskRow[] {
  const since = startOfDay(ctx.now, ctx.timezone);
  return ctx.store.tasks
    .list({ limit: 5000 })
    .filter((t) => t.branch && t.updatedAt >= since && t.state !== 'backlog' && t.state !== 'ready');
}

const MATERIAL: Record<CycleName, (ctx: CycleContext) => Material> = {
  research: (ctx) => {
    const topics = ctx.store.topics.list().map((t) => t.text);
    if (!topics.length) return { skip: 'no standing topics: add one with /topics add <topic>' };
    return {
      values: {
        topics: bullets(topics, ''),
        topicsShort: excerpt(topics.join(', '), 60),
      },
    };
  },
  strategy: (ctx) => review(ctx, ctx.now - DAY, 'in the last 24 h'),
  weekly: (ctx) => review(ctx, ctx.now - 7 * DAY, 'in the last 7 days'),
  security: (ctx) => {
    const built = builtToday(ctx);
    if (!built.length) return { skip: 'nothing was built today' };
    return {
      values: {
        builds: bullets(
          built.map((t) => {
            const head = `#${t.id} ${t.project ?? 'project?'} · branch ${t.branch} · ${t.state} — ${excerpt(t.title, 60)}`;
            const summary = `  Summary: ${excerpt(t.result ?? 'none', 400)}`;
            const diff = ctx.diffs?.get(t.id);
            return [head, summary, ...(diff ? ['  Diff:', indent(diff)] : [])].join('\n');
          }),
          '',
        ),
      },
    };
  },
};

export function runCycle(name: CycleName, ctx: CycleContext): RunEnd {
  const { store, policy } = ctx;
  const previousId = store.schedules.lastTaskId(name);
  const previous = previousId === undefined ? undefined : store.tasks.get(previousId);
  if (previous && LIVE.includes(previous.state))
    return {
      outcome: 'skipped',
      detail: `the previous ${name} task #${previous.id} is still open (${previous.state})`,
    };
  const material = MATERIAL[name](ctx);
  if ('skip' in material) return { outcome: 'skipped', detail: material.skip };
  const template = ctx.templates[name];
  const date = new Intl.DateTimeFormat('en-GB', {
    timeZone: ctx.timezone,
    day: 'numeric',
    month: 'short',
  }).format(ctx.now);
  const values = { date, ...material.values };
  const title = excerpt(fill(template.title, values), 100);
  const body = fill(template.body, values);
  const estimate = estimateTask(policy, template.type, ctx.configured, body.length);
  const left = ctx.dailyBudgetUsd * 1_000_000 - store.ledger.spendSince(startOfDay(ctx.now, ctx.timezone));
  if (estimate && estimate.micros > left)
    return {
      outcome: 'skipped',
      detail: `today's budget cannot fit it: up to ${formatUsd(estimate.micros)} on ${estimate.key}, ${formatUsd(Math.max(0, left))} left`,
    };
  const agent = policy.routes[template.type].agent;
  const task = store.tasks.create(
    {
      title,
      body,
      type: template.type,
      agent,
      state: 'ready',
      platform: ctx.chat.platform,
      chatId: ctx.chat.chatId,
    },
    `schedule:${name}`,
  );
  return { outcome: 'ok', detail: `queued #${task.id} for ${agent}`, taskId: task.id };
}
