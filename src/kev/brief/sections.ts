// The brief's sections, as a table: each row reads the db (no model) and returns its heading, its
// items, the command that shows everything, and optionally choices (buttons). Adding a section is
// adding a row; the renderer (build.ts) keeps the whole brief to one phone screen.

import type { Store, TaskRow } from '../../db/index.js';
import { startOfDay } from '../../ports/clock.js';
import type { ClarifyOption } from '../../ports/intents.js';
import { formatUsd } from '../../router/catalogue.js';
import { excerpt, typeLabel } from '../format.js';
import { briefLine, pipelineSummaries } from '../pipeline/index.js';
import { slotsFrom } from '../schedules/cron.js';
import type { ScheduledJob } from '../schedules/table.js';

export interface BriefInput {
  store: Store;
  now: number;
  timezone: string;
  dailyBudgetUsd: number;
  jobs: readonly ScheduledJob[];
  /** The previous brief's time (or a day ago). */
  since: number;
}

export interface SectionContent {
  heading: string;
  items: string[];
  /** How many things the section is about (defaults to the number of items). */
  total?: number;
  /** The command that shows the whole list, named when the section is cut or collapsed. */
  command: string;
  /** The one-line form when the brief must shrink (default: "heading: total — command"). */
  summary?: string;
  choices?: ClarifyOption[];
}

export interface BriefSection {
  name: string;
  /** Undefined leaves the section out (nothing to say). */
  build(input: BriefInput): SectionContent | undefined;
}

/** Review items that get their own Approve / Reject / Revise buttons. */
const REVIEW_BUTTONS = 2;

const endedSince = (input: BriefInput, state: 'done' | 'failed' | 'cancelled') =>
  input.store.tasks.list({ states: [state], limit: 5000 }).filter((t) => t.updatedAt >= input.since);

const line = (t: TaskRow) => `#${t.id} ${t.agent} — ${excerpt(t.title, 48)}`;

const finished: BriefSection = {
  name: 'finished',
  build: (input) => {
    const done = endedSince(input, 'done');
    return done.length ? { heading: 'Finished', items: done.map(line), command: '/queue done' } : undefined;
  },
};

const review: BriefSection = {
  name: 'review',
  build: (input) => {
    const waiting = input.store.tasks.list({ states: ['review'], limit: 500 });
    const confirm = input.store.tasks.list({ states: ['backlog'], limit: 500 });
    if (!waiting.length && !confirm.length) return undefined;
    const choices: ClarifyOption[] = waiting.slice(0, REVIEW_BUTTONS).flatMap((t) => [
      { label: `Approve #${t.id}`, intent: { kind: 'approve', taskId: t.id } },
      { label: `Reject #${t.id}`, intent: { kind: 'reject', taskId: t.id } },
      { label: `Revise #${t.id}`, intent: { kind: 'revise', taskId: t.id } },
    ]);
    return {
      heading: 'Waiting for you',
      items: [
        ...waiting.map((t) => `#${t.id} ${typeLabel(t.type)} by ${t.agent} — ${excerpt(t.title, 40)}`),
        ...confirm.map((t) => `#${t.id} to confirm — ${excerpt(t.title, 44)}`),
      ],
      command: '/queue waiting',
      ...(choices.length ? { choices } : {}),
    };
  },
};

const failed: BriefSection = {
  name: 'failed',
  build: (input) => {
    const rows = endedSince(input, 'failed');
    return rows.length
      ? {
          heading: 'Failed',
          items: rows.map(
            (t) => `#${t.id} ${excerpt(t.title, 30)}: ${excerpt(t.note ?? 'no reason recorded', 40)}`,
          ),
          command: '/queue failed',
        }
      : undefined;
  },
};

const cancelled: BriefSection = {
  name: 'cancelled',
  build: (input) => {
    const rows = endedSince(input, 'cancelled');
    return rows.length
      ? { heading: 'Cancelled', items: rows.map(line), command: '/queue cancelled' }
      : undefined;
  },
};

const spend: BriefSection = {
  name: 'spend',
  build: (input) => {
    const { ledger } = input.store;
    const today = ledger.spendSince(startOfDay(input.now, input.timezone));
    const budget = input.dailyBudgetUsd * 1_000_000;
    const byAgent = ledger.breakdown(input.since, 'agent');
    const sinceTotal = byAgent.reduce((sum, r) => sum + r.costMicros, 0);
    const todayLine = `Today ${formatUsd(today)} of ${formatUsd(budget)} budget`;
    return {
      heading: 'Spend',
      items: [
        byAgent.length
          ? `Since the last brief ${formatUsd(sinceTotal)}: ${byAgent
              .slice(0, 4)
              .map((r) => `${r.key} ${formatUsd(r.costMicros)}`)
              .join(' · ')}${byAgent.length > 4 ? ` · +${byAgent.length - 4} more` : ''}`
          : 'No model calls since the last brief',
        todayLine,
      ],
      total: 2,
      command: '/cost',
      summary: `Spend: ${todayLine.toLowerCase()} — /cost`,
    };
  },
};

const today: BriefSection = {
  name: 'today',
  build: (input) => {
    const end = startOfDay(input.now, input.timezone) + 36 * 3_600_000;
    const midnight = startOfDay(end, input.timezone);
    const hhmm = (at: number) =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone: input.timezone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(at);
    const jobs = input.jobs
      .filter((j) => j.enabled && !input.store.schedules.state(j.name).paused)
      .map((j) => ({ job: j, slots: slotsFrom(j.cron, input.timezone, input.now + 1, midnight, 100) }))
      .filter((j) => j.slots.length > 0)
      .map(
        ({ job, slots }) =>
          `${job.name} ${hhmm(slots[0] ?? 0)}${slots.length > 1 ? ` +${slots.length - 1}` : ''}`,
      );
    const paused = input.jobs.filter((j) => j.enabled && input.store.schedules.state(j.name).paused);
    const ready = input.store.tasks.list({ states: ['ready'], limit: 500 });
    const items = [
      jobs.length ? `Scheduled: ${jobs.join(' · ')}` : 'Nothing scheduled for the rest of today',
    ];
    if (paused.length)
      items.push(`Paused: ${paused.map((j) => j.name).join(', ')} (/schedules resume <name>)`);
    if (ready.length)
      items.push(
        `Ready to run: ${ready.length} (${ready
          .slice(0, 6)
          .map((t) => `#${t.id}`)
          .join(', ')}${ready.length > 6 ? ', …' : ''})`,
      );
    return {
      heading: 'Today',
      items,
      total: items.length,
      command: '/schedules',
      summary: `Today: ${jobs.length} scheduled jobs, ${ready.length} ready tasks — /schedules`,
    };
  },
};

/** Scheduled slots that did not run since the last brief: missed while Kev was down, or failed. */
const notRun: BriefSection = {
  name: 'not-run',
  build: (input) => {
    const rows = input.store.schedules.recordedSince(input.since, ['missed', 'failed']);
    if (!rows.length) return undefined;
    const byJob = new Map<string, typeof rows>();
    for (const row of rows) byJob.set(row.job, [...(byJob.get(row.job) ?? []), row]);
    const items = [...byJob].map(([job, list]) => {
      const missed = list.filter((r) => r.outcome === 'missed').length;
      const failedRuns = list.filter((r) => r.outcome === 'failed');
      const parts = [
        missed ? `${missed} missed while Kev was not running` : '',
        failedRuns.length
          ? `${failedRuns.length} failed (${excerpt(failedRuns.at(-1)?.detail ?? '', 40)})`
          : '',
      ].filter(Boolean);
      return `${job}: ${parts.join(', ')}`;
    });
    return {
      heading: 'Scheduled runs that did not happen',
      items,
      total: rows.length,
      command: '/schedules',
      summary: `Scheduled runs that did not happen: ${rows.length} — /schedules`,
    };
  },
};

/** Factory pipelines and their stage: those under way, and those finished since the last brief. */
const pipelines: BriefSection = {
  name: 'pipelines',
  build: (input) => {
    const rows = pipelineSummaries(input.store).filter(
      (s) => s.state !== 'done' || s.updatedAt >= input.since,
    );
    if (!rows.length) return undefined;
    const stopped = rows.filter((s) => s.state === 'stopped').length;
    return {
      heading: 'Pipelines',
      items: rows.map(briefLine),
      command: '/pipelines',
      summary: `Pipelines: ${rows.length}${stopped ? `, ${stopped} stopped` : ''} — /pipelines`,
    };
  },
};

const reminders: BriefSection = {
  name: 'reminders',
  build: (input) => {
    const rows = input.store.memory.list('reminder');
    return rows.length
      ? {
          heading: 'Reminders',
          items: rows.map((m) => `${m.id}. ${excerpt(m.text, 60)}`),
          command: '/memory',
        }
      : undefined;
  },
};

/** In display order. */
export const BRIEF_SECTIONS: BriefSection[] = [
  finished,
  review,
  failed,
  cancelled,
  notRun,
  spend,
  today,
  pipelines,
  reminders,
];
