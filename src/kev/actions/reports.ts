// Read-only answers: status, queue, one task in full, spend and the roster (the brief: schedules.ts).

import { healthLines } from '../../db/health.js';
import { TASK_STATES, type TaskState } from '../../db/index.js';
import { formatTime, startOfDay, startOfWeek } from '../../ports/clock.js';
import { formatUsd } from '../../router/catalogue.js';
import { usdToMicros } from '../../router/money.js';
import { planLadder } from '../../router/policy.js';
import { isTaskType } from '../../router/task-types.js';
import { excerpt, firstScreen, plural, STATE_LABELS, taskLine, typeLabel } from '../format.js';
import { elapsed } from '../progress-notices.js';
import { INLINE_RESULT_LIMIT, resultDocument } from '../review.js';
import { ladderText } from './new-tasks.js';
import type { Action, ActionContext } from './types.js';
import { say } from './types.js';

const QUEUE_LIMIT = 25;
const LIVE: TaskState[] = ['backlog', 'ready', 'in_progress', 'review', 'merging'];
const STATE_WORDS: Record<string, TaskState[]> = {
  ...Object.fromEntries(TASK_STATES.map((s) => [s, [s]])),
  running: ['in_progress'],
  'in-progress': ['in_progress'],
  canceled: ['cancelled'],
  inprogress: ['in_progress'],
  reviews: ['review'],
  waiting: ['backlog', 'review'],
  live: LIVE,
  open: LIVE,
  all: [...TASK_STATES],
};

function spendLine(ctx: ActionContext): string {
  const today = ctx.store.ledger.spendSince(startOfDay(ctx.now, ctx.timezone));
  return `Spend today: ${formatUsd(today)} of ${formatUsd(usdToMicros(ctx.budget.dailyUsd))} daily budget`;
}

export function isPaused(ctx: Pick<ActionContext, 'store'>): boolean {
  return ctx.store.settings.get<boolean>('paused') === true;
}

export const status: Action<'status'> = (_intent, ctx) => {
  const counts = ctx.store.tasks.countByState();
  const running = ctx.store.tasks.list({ states: ['in_progress'], limit: 10 });
  const providers = [...ctx.configured].join(', ') || 'none configured';
  const lines = [
    isPaused(ctx) ? 'Kev is paused: no new task starts until /resume.' : 'Kev is running.',
    // A merge takes seconds: the merging count shows only while one is under way.
    `Tasks: ${TASK_STATES.filter((s) => s !== 'merging' || counts[s] > 0)
      .map((s) => `${counts[s]} ${STATE_LABELS[s]}`)
      .join(' · ')}`,
    running.length
      ? `Running now:\n${running.map((t) => `  #${t.id} ${t.agent} — ${excerpt(t.title, 60)} (attempt ${t.attempts}, ${elapsed(ctx.now - t.updatedAt)})`).join('\n')}`
      : 'Nothing is running.',
    spendLine(ctx),
    `Understanding messages with: ${ctx.parserName} · Models: ${providers}`,
  ];
  lines.push(...healthLines(ctx.store, ctx.now));
  const waiting = ctx.store.outbox.countPending();
  if (waiting > 1) lines.push(`Messages waiting to be delivered: ${waiting}`);
  return say(lines.join('\n'));
};

export const queue: Action<'queue'> = (intent, ctx) => {
  const states = intent.state ? STATE_WORDS[intent.state] : LIVE;
  if (!states) {
    return say(
      `“${intent.state}” is not a task state. Try backlog, ready, running, review, done, failed, cancelled or all.`,
    );
  }
  const tasks = ctx.store.tasks.list({ states, limit: QUEUE_LIMIT + 1 });
  const label = intent.state ? intent.state : 'open';
  if (tasks.length === 0) return say(`No ${label} tasks. Tell me what you need, or /task <text>.`);
  const shown = tasks.slice(0, QUEUE_LIMIT).map(taskLine);
  if (tasks.length > QUEUE_LIMIT) shown.push(`…and more: /queue <state> narrows the list.`);
  return say(`${label[0]?.toUpperCase()}${label.slice(1)} tasks:\n${shown.join('\n')}`);
};

/** /result: the whole result, as a message when it fits, else as a document beside a short note. */
function wholeResult(task: NonNullable<ReturnType<ActionContext['store']['tasks']['get']>>) {
  const result = task.result ?? '';
  if (!result) return say(`#${task.id} has no result yet (it is ${STATE_LABELS[task.state]}).`);
  if (result.length <= INLINE_RESULT_LIMIT)
    return {
      replies: [{ text: `Result of #${task.id} · ${excerpt(task.title, 80)}\n\n${result}`, markdown: true }],
      focusTaskId: task.id,
    };
  return {
    replies: [
      {
        text: `The whole result of #${task.id} (${result.length} characters) is in the attached file.`,
        document: resultDocument(task),
      },
    ],
    focusTaskId: task.id,
  };
}

export const show: Action<'show'> = (intent, ctx) => {
  const task = ctx.store.tasks.get(intent.taskId);
  if (!task) return say(`There is no task #${intent.taskId}. /queue lists the tasks.`);
  if (intent.whole) return wholeResult(task);
  const rungs = isTaskType(task.type) ? planLadder(ctx.policy, task.type, ctx.configured) : [];
  const events = ctx.store.tasks.events(task.id).slice(-5);
  const lines = [
    `#${task.id} ${task.title}`,
    `${typeLabel(task.type)} · ${task.agent} · ${STATE_LABELS[task.state]} · attempt ${task.attempts} of ${task.maxAttempts}`,
    `Models: ${ladderText(rungs)} · cost so far ${formatUsd(ctx.store.ledger.spendOfTask(task.id))}`,
    `Created ${formatTime(task.createdAt, ctx.timezone)}`,
  ];
  if (task.body && task.body !== task.title) lines.push('', excerpt(task.body, 600));
  if (task.note) lines.push('', `Note: ${excerpt(task.note, 300)}`);
  if (task.result) {
    const screen = firstScreen(task.result);
    lines.push('', 'Result:', screen.text);
    if (screen.cut)
      lines.push(
        '',
        `… ${screen.restLines ? `${plural(screen.restLines, 'more line')}` : `${screen.restChars} more characters`}: /result ${task.id} sends the whole result.`,
      );
  }
  lines.push(
    '',
    'History:',
    ...events.map(
      (e) =>
        `  ${formatTime(e.at, ctx.timezone)} ${e.from ?? '—'} → ${e.to}${e.reason ? ` (${excerpt(e.reason, 60)})` : ''}`,
    ),
  );
  return {
    replies: [{ text: lines.join('\n'), ...(task.result ? { markdown: true } : {}) }],
    focusTaskId: task.id,
  };
};

export const cost: Action<'cost'> = (_intent, ctx) => {
  const today = startOfDay(ctx.now, ctx.timezone);
  const week = startOfWeek(ctx.now, ctx.timezone);
  const lines = [
    `Today: ${formatUsd(ctx.store.ledger.spendSince(today))} of ${formatUsd(usdToMicros(ctx.budget.dailyUsd))}`,
    `This week: ${formatUsd(ctx.store.ledger.spendSince(week))}`,
  ];
  const cancelled = ctx.store.ledger.spendOnTaskStates(week, ['cancelled']);
  if (cancelled.runs)
    lines.push(
      `Of it on cancelled tasks: ${formatUsd(cancelled.costMicros)} (${plural(cancelled.runs, 'run')})`,
    );
  for (const by of ['agent', 'model'] as const) {
    const rows = ctx.store.ledger.breakdown(week, by);
    if (rows.length === 0) continue;
    lines.push(
      `This week by ${by}:`,
      ...rows.map((r) => `  ${r.key}: ${formatUsd(r.costMicros)} (${plural(r.runs, 'run')})`),
    );
  }
  if (lines.length === 2) lines.push('No model calls yet.');
  return say(lines.join('\n'));
};

export const agents: Action<'agents'> = (_intent, ctx) => {
  const lines = ctx.policy.roster.map(
    (a) =>
      `${a.name} — ${a.role} · ${a.primary} → ${a.backup} · ${a.runsOn === 'api' ? 'API' : a.runsOn === 'cli' ? 'coding CLI' : 'local GPU'}`,
  );
  return say(`The team (${ctx.policy.roster.length}):\n${lines.join('\n')}`);
};
