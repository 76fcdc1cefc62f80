// What each scheduled job does, one row per job name: the brief goes to every owner chat through
// the outbox; the cycles queue routed tasks (cycles/run-cycle.ts); dispatch tends the queue.

import type { RunEnd, Store, TaskRow } from '../../db/index.js';
import type { Provider } from '../../router/catalogue.js';
import type { Policy } from '../../router/policy.js';
import type { ChatRef, Reply } from '../actions/types.js';
import { buildBrief, LAST_BRIEF_KEY } from '../brief/build.js';
import { builtToday, runCycle } from '../cycles/run-cycle.js';
import type { CycleTemplates } from '../cycles/templates.js';
import { plural } from '../format.js';
import type { JobRunner } from './scheduler.js';
import type { JobName, ScheduledJob } from './table.js';

export interface FactoryOptions {
  store: Store;
  policy: Policy;
  timezone: string;
  configured: ReadonlySet<Provider>;
  dailyBudgetUsd: number;
  clock: () => number;
  /** The owner's chat on every configured chat transport; the first is where cycle tasks report. */
  chats: readonly ChatRef[];
  notify(chat: ChatRef, reply: Reply): void;
  /** Wakes the dispatcher (and the delivery loop). */
  kick(): void;
  templates: CycleTemplates;
  jobs: readonly ScheduledJob[];
  /** Reads what a build task's branch changed (git lives in src/agents); absent: summaries only. */
  diffOf?: (task: TaskRow) => Promise<string | undefined>;
}

/** Branches whose diffs the security scan reads (the rest go with their summaries). */
const DIFF_BRANCHES = 5;

const DAY = 86_400_000;
const NUDGE_KEY = 'dispatch:lastNudgeAt';

/** The brief since the previous one; also what /brief sends. */
export function briefNow(
  store: Store,
  now: number,
  input: Pick<FactoryOptions, 'timezone' | 'dailyBudgetUsd' | 'jobs'>,
): Reply {
  const since = store.settings.get<number>(LAST_BRIEF_KEY) ?? now - DAY;
  const reply = buildBrief({
    store,
    now,
    timezone: input.timezone,
    dailyBudgetUsd: input.dailyBudgetUsd,
    jobs: input.jobs,
    since,
  });
  store.settings.set(LAST_BRIEF_KEY, now);
  return reply;
}

function dispatch(o: FactoryOptions): RunEnd {
  const { store } = o;
  const now = o.clock();
  const recovered = store.tasks.recoverExpired();
  const ready = store.tasks.countByState().ready;
  const stuck = store.tasks.list({ states: ['review'], limit: 500 }).filter((t) => t.updatedAt < now - DAY);
  const lastNudge = store.settings.get<number>(NUDGE_KEY);
  const nudge = stuck.length > 0 && (lastNudge === undefined || now - lastNudge >= DAY);
  if (nudge) {
    const ids = stuck
      .slice(0, 8)
      .map((t) => `#${t.id}`)
      .join(', ');
    for (const chat of o.chats)
      o.notify(chat, {
        text: `${plural(stuck.length, 'task')} ${stuck.length === 1 ? 'has' : 'have'} waited for your review for over a day: ${ids}. /queue review lists them.`,
      });
    store.settings.set(NUDGE_KEY, now);
  }
  o.kick();
  const parts = [
    recovered.length ? `${plural(recovered.length, 'expired lease')} recovered` : '',
    ready ? `${ready} ready, dispatcher woken` : '',
    nudge ? `nudged about ${plural(stuck.length, 'stuck review')}` : '',
  ].filter(Boolean);
  return parts.length
    ? { outcome: 'ok', detail: parts.join('; ') }
    : { outcome: 'skipped', detail: 'the queue is quiet' };
}

function brief(o: FactoryOptions): RunEnd {
  const reply = briefNow(o.store, o.clock(), o);
  for (const chat of o.chats) o.notify(chat, reply);
  return { outcome: 'ok', detail: `sent to ${o.chats.map((c) => c.platform).join(', ')}` };
}

const cycle =
  (name: 'research' | 'strategy' | 'weekly' | 'security') =>
  async (o: FactoryOptions): Promise<RunEnd> => {
    const chat = o.chats[0] ?? { platform: 'console', chatId: 'local' };
    const now = o.clock();
    const diffs = name === 'security' ? await readDiffs(o, now) : undefined;
    const end = runCycle(name, { ...o, now, chat, ...(diffs ? { diffs } : {}) });
    if (end.taskId !== undefined) o.kick();
    return end;
  };

async function readDiffs(o: FactoryOptions, now: number): Promise<Map<number, string> | undefined> {
  const { diffOf } = o;
  if (!diffOf) return undefined;
  const diffs = new Map<number, string>();
  for (const task of builtToday({ store: o.store, now, timezone: o.timezone }).slice(0, DIFF_BRANCHES)) {
    const diff = await diffOf(task).catch(() => undefined);
    if (diff) diffs.set(task.id, diff);
  }
  return diffs;
}

export const JOB_RUNS: Record<JobName, (o: FactoryOptions) => RunEnd | Promise<RunEnd>> = {
  dispatch,
  research: cycle('research'),
  strategy: cycle('strategy'),
  brief,
  security: cycle('security'),
  weekly: cycle('weekly'),
};

export function jobRunner(options: FactoryOptions): JobRunner {
  return (job) => JOB_RUNS[job.name](options);
}
