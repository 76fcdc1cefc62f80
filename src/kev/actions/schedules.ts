// The factory's rhythm in chat: /schedules (list, pause, resume), /topics (list, add, remove) and
// /brief, which sends the same brief the schedule does.

import { MAX_TOPIC_CHARS, type ScheduleRunRow } from '../../db/index.js';
import { excerpt, plural } from '../format.js';
import { localStamp, nextSlot } from '../schedules/cron.js';
import { briefNow } from '../schedules/jobs.js';
import { DEFAULT_SCHEDULES, isJobName, JOB_NAMES, type ScheduledJob } from '../schedules/table.js';
import type { Action, ActionContext } from './types.js';
import { say } from './types.js';

const jobsOf = (ctx: ActionContext): readonly ScheduledJob[] => ctx.schedules ?? DEFAULT_SCHEDULES;

function when(at: number, ctx: ActionContext): string {
  const sameDay =
    localStamp(at, ctx.timezone).slice(0, 10) === localStamp(ctx.now, ctx.timezone).slice(0, 10);
  const time = localStamp(at, ctx.timezone).slice(11);
  if (sameDay) return time;
  const day = new Intl.DateTimeFormat('en-GB', {
    timeZone: ctx.timezone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  }).format(at);
  return `${day.replace(',', '')} ${time}`;
}

function lastText(runs: ScheduleRunRow[], ctx: ActionContext): string {
  const latest = runs[0];
  if (!latest) return 'not run yet';
  const describe = (r: ScheduleRunRow) =>
    `${when(r.slotAt, ctx)} ${r.outcome}${r.detail ? `: ${excerpt(r.detail, 70)}` : ''}`;
  if (latest.outcome !== 'missed') return `last ${describe(latest)}`;
  const missed = runs.findIndex((r) => r.outcome !== 'missed');
  const count = missed === -1 ? runs.length : missed;
  const ran = runs.find((r) => r.outcome !== 'missed');
  return `missed ${plural(count, 'slot')} (latest ${when(latest.slotAt, ctx)}; Kev was not running)${ran ? ` · last ${describe(ran)}` : ''}`;
}

function listSchedules(ctx: ActionContext): string {
  const lines = jobsOf(ctx).map((job) => {
    if (!job.enabled) return `${job.name} · ${job.cron} · off in kev.config.json`;
    const state = ctx.store.schedules.state(job.name);
    const next = nextSlot(job.cron, ctx.timezone, ctx.now);
    const head = `${job.name} · ${job.cron} · ${state.paused ? 'paused' : next ? `next ${when(next, ctx)}` : 'no next run'}`;
    return `${head}\n  ${lastText(ctx.store.schedules.recent(job.name, 60), ctx)}`;
  });
  return [
    `Schedules (${ctx.timezone}):`,
    ...lines,
    '/schedules pause <name> · /schedules resume <name>',
  ].join('\n');
}

export const schedules: Action<'schedules'> = (intent, ctx) => {
  if (!intent.action) return say(listSchedules(ctx));
  const name = (intent.job ?? '').trim().toLowerCase();
  if (!name) return say(`/schedules ${intent.action} needs a job: ${JOB_NAMES.join(', ')}.`);
  const job = isJobName(name) ? jobsOf(ctx).find((j) => j.name === name) : undefined;
  if (!job) return say(`There is no job “${excerpt(name, 40)}”. The jobs are ${JOB_NAMES.join(', ')}.`);
  if (!job.enabled)
    return say(
      `${job.name} is switched off in kev.config.json ("enabled": false); change it there and restart.`,
    );
  const paused = ctx.store.schedules.state(job.name).paused;
  if (intent.action === 'pause') {
    if (paused) return say(`${job.name} is already paused. /schedules resume ${job.name} starts it again.`);
    ctx.store.schedules.setPaused(job.name, true, ctx.now);
    return say(`Paused ${job.name}: it does not run until /schedules resume ${job.name}.`);
  }
  if (!paused) return say(`${job.name} is not paused.`);
  ctx.store.schedules.setPaused(job.name, false, ctx.now);
  const next = nextSlot(job.cron, ctx.timezone, ctx.now);
  return say(
    `Resumed ${job.name}${next ? `; next run ${when(next, ctx)}` : ''}. Slots that passed while it was paused are not caught up.`,
  );
};

export const topics: Action<'topics'> = (intent, ctx) => {
  const store = ctx.store.topics;
  const topic = (intent.topic ?? '').replace(/\s+/g, ' ').trim();
  if (intent.action === 'add') {
    if (!topic) return say('/topics add needs a topic, like /topics add open-source vector databases.');
    if (topic.length > MAX_TOPIC_CHARS)
      return say(
        `That topic is ${topic.length} characters; keep it under ${MAX_TOPIC_CHARS}. Nothing was saved.`,
      );
    const row = store.add(topic);
    if (!row) return say(`“${excerpt(topic, 60)}” is already a standing topic.`);
    return say(`Added topic ${row.id}: ${row.text}. Scout researches it in the research cycle.`);
  }
  if (intent.action === 'remove') {
    if (!topic) return say('/topics remove needs a topic number from /topics, or its text.');
    const ref = /^#?\d+$/.test(topic) ? Number(topic.replace('#', '')) : topic;
    const row = store.remove(ref);
    return say(
      row ? `Removed topic: ${row.text}.` : `There is no topic “${excerpt(topic, 60)}”. /topics lists them.`,
    );
  }
  const rows = store.list();
  if (!rows.length)
    return say('No standing topics yet, so the research cycle skips. /topics add <topic> adds one.');
  return say(
    [
      'Standing topics (the research cycle gives them to Scout):',
      ...rows.map((t) => `${t.id}. ${t.text}`),
      '/topics add <topic> · /topics remove <number>',
    ].join('\n'),
  );
};

export const brief: Action<'brief'> = (_intent, ctx) => ({
  replies: [
    briefNow(ctx.store, ctx.now, {
      timezone: ctx.timezone,
      dailyBudgetUsd: ctx.budget.dailyUsd,
      jobs: jobsOf(ctx),
    }),
  ],
});
