// Cycles create routed work from templates, or record why they did not: no topics, nothing to
// review, nothing built today, the same cycle's previous task still open, today's budget.

import { afterEach, describe, expect, it } from 'vitest';
import type { RunEnd, Store } from '../src/db/index.js';
import type { Reply } from '../src/kev/actions/types.js';
import { DEFAULT_CYCLES, resolveCycles } from '../src/kev/cycles/templates.js';
import { type FactoryOptions, JOB_RUNS } from '../src/kev/schedules/jobs.js';
import { resolveSchedules } from '../src/kev/schedules/table.js';
import type { Provider } from '../src/router/catalogue.js';
import { DEFAULT_POLICY } from '../src/router/policy.js';
import { type TempStore, tempStore } from './helpers/store.js';

let t: TempStore | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

const NOW = Date.UTC(2026, 10, 24, 10, 0, 0);

function factory(store: Store, over: Partial<FactoryOptions> = {}) {
  const sent: Array<{ chat: string; reply: Reply }> = [];
  let kicks = 0;
  const options: FactoryOptions = {
    store,
    policy: DEFAULT_POLICY,
    timezone: 'UTC',
    configured: new Set<Provider>(['cerebras', 'gemini']),
    dailyBudgetUsd: 5,
    clock: () => NOW,
    chats: [
      { platform: 'telegram', chatId: '4242' },
      { platform: 'console', chatId: 'local' },
    ],
    notify: (chat, reply) => sent.push({ chat: `${chat.platform}:${chat.chatId}`, reply }),
    kick: () => {
      kicks++;
    },
    templates: DEFAULT_CYCLES,
    jobs: resolveSchedules(),
    ...over,
  };
  return { options, sent, kicks: () => kicks };
}

/** Runs a job as the scheduler would: its row first, then the job, then the outcome. */
async function runJob(
  store: Store,
  options: FactoryOptions,
  name: keyof typeof JOB_RUNS,
  slot: string,
): Promise<RunEnd> {
  const claim = store.schedules.claim(
    { job: name, slotKey: `${name}:${slot}`, slotAt: NOW },
    'test',
    NOW,
    60_000,
  );
  if (claim.status !== 'claimed') throw new Error(claim.status);
  const end = await JOB_RUNS[name](options);
  store.schedules.finish(claim.row.id, end, NOW);
  return end;
}

describe('research cycle', () => {
  it('is skipped with a reason when there are no standing topics', async () => {
    t = tempStore();
    const { options } = factory(t.store);
    expect(await runJob(t.store, options, 'research', '2026-11-24T10:00')).toEqual({
      outcome: 'skipped',
      detail: 'no standing topics: add one with /topics add <topic>',
    });
    expect(t.store.schedules.latest('research')?.detail).toContain('no standing topics');
    expect(t.store.tasks.list()).toEqual([]);
  });

  it('gives Scout a routed research task on the topics, then skips while that task is open', async () => {
    t = tempStore();
    const { store } = t;
    store.topics.add('open-source vector databases');
    store.topics.add('AI note-taking apps');
    const { options, kicks } = factory(store);
    const end = await runJob(store, options, 'research', '2026-11-24T10:00');
    expect(end.outcome).toBe('ok');
    const task = store.tasks.get(end.taskId ?? 0);
    expect(task).toMatchObject({
      type: 'research',
      agent: 'Scout',
      state: 'ready',
      platform: 'telegram',
      chatId: '4242',
    });
    expect(task?.title).toBe('Research cycle 24 Nov: open-source vector databases, AI note-taking apps');
    expect(task?.body).toContain('- open-source vector databases\n- AI note-taking apps');
    expect(kicks()).toBe(1);
    expect(store.tasks.events(task?.id ?? 0)[0]?.actor).toBe('schedule:research');

    const again = await runJob(store, options, 'research', '2026-11-24T12:00');
    expect(again).toEqual({
      outcome: 'skipped',
      detail: `the previous research task #${task?.id} is still open (ready)`,
    });
    // Once it is done, the next cycle queues a new one.
    store.tasks.claim('w', 60_000);
    store.tasks.complete(task?.id ?? 0, 'w', 'findings');
    store.tasks.move(task?.id ?? 0, 'done');
    expect((await runJob(store, options, 'research', '2026-11-24T14:00')).outcome).toBe('ok');
  });

  it('is skipped when today’s budget cannot fit it', async () => {
    t = tempStore();
    const { store } = t;
    t.clock.now = NOW;
    store.topics.add('vector databases');
    const run = store.ledger.start({
      taskId: null,
      attempt: 1,
      agent: 'Kev',
      provider: 'cerebras',
      model: 'gpt-oss-120b',
    });
    store.ledger.finish(run.id, {
      outcome: 'ok',
      inputTokens: 1,
      outputTokens: 1,
      cachedTokens: 0,
      costMicros: 4_999_990,
    });
    const { options } = factory(store);
    const end = await runJob(store, options, 'research', '2026-11-24T10:00');
    expect(end.outcome).toBe('skipped');
    expect(end.detail).toMatch(
      /^today's budget cannot fit it: up to \$0\.\d+ on cerebras\/gpt-oss-120b, \$0\.00001 left$/,
    );
    expect(store.tasks.list()).toEqual([]);
  });
});

describe('strategy and weekly reviews', () => {
  it('are skipped when the queue is empty and nothing finished', async () => {
    t = tempStore();
    const { options } = factory(t.store);
    expect(await runJob(t.store, options, 'strategy', 'a')).toEqual({
      outcome: 'skipped',
      detail: 'nothing to review: the queue is empty and nothing finished in the last 24 h',
    });
    expect((await runJob(t.store, options, 'weekly', 'a')).detail).toContain('in the last 7 days');
  });

  it('give Atlas the queue, recent results and spend', async () => {
    t = tempStore();
    const { store, clock } = t;
    clock.now = NOW - 3_600_000;
    const open = store.tasks.create({ title: 'Draft the onboarding emails', type: 'content', agent: 'Echo' });
    const done = store.tasks.create({ title: 'Notion pricing', type: 'research', agent: 'Scout' });
    store.tasks.claim('w', 60_000); // claims #1 (open); put it back
    store.tasks.release(open.id, 'w', 'test');
    store.tasks.move(open.id, 'backlog');
    store.tasks.claim('w', 60_000);
    store.tasks.complete(done.id, 'w', 'Notion charges $10 per seat');
    store.tasks.move(done.id, 'done');
    const run = store.ledger.start({
      taskId: done.id,
      attempt: 1,
      agent: 'Scout',
      provider: 'cerebras',
      model: 'gpt-oss-120b',
    });
    store.ledger.finish(run.id, {
      outcome: 'ok',
      inputTokens: 1,
      outputTokens: 1,
      cachedTokens: 0,
      costMicros: 20_000,
    });
    clock.now = NOW;
    const { options } = factory(store);
    const end = await runJob(store, options, 'strategy', 'a');
    const task = store.tasks.get(end.taskId ?? 0);
    expect(task).toMatchObject({ type: 'strategy', agent: 'Atlas', title: 'Strategy review 24 Nov' });
    expect(task?.body).toContain(`#${open.id} content · Echo · backlog — Draft the onboarding emails`);
    expect(task?.body).toContain(`#${done.id} Scout: Notion pricing — Notion charges $10 per seat`);
    expect(task?.body).toContain('today $0.02 of $5.00 daily budget');
    expect(task?.body).toContain('Scout $0.02 this week (1 runs)');
  });

  it('use the owner’s template from the config', async () => {
    t = tempStore();
    const { store } = t;
    store.tasks.create({ title: 'Something open', type: 'research', agent: 'Scout' });
    const templates = resolveCycles({
      weekly: { title: 'Monday review {date}', body: 'Only the queue:\n{queue}' },
    });
    const { options } = factory(store, { templates });
    const task = store.tasks.get((await runJob(store, options, 'weekly', 'a')).taskId ?? 0);
    expect(task?.title).toBe('Monday review 24 Nov');
    expect(task?.body).toBe('Only the queue:\n- #1 research · Scout · ready — Something open');
    expect(task?.agent).toBe('Atlas');
  });
});

describe('security scan', () => {
  it('is skipped when nothing was built today, and gives Hawk today’s branches otherwise', async () => {
    t = tempStore();
    const { store } = t;
    t.clock.now = NOW;
    const { options } = factory(store);
    expect(await runJob(store, options, 'security', 'a')).toEqual({
      outcome: 'skipped',
      detail: 'nothing was built today',
    });
    const build = store.tasks.create({ title: 'CSV export', type: 'code', agent: 'Rex' });
    store.tasks.claim('w', 60_000);
    store.builds.set(build.id, { project: 'billing', branch: 'kev/1-csv-export', worktree: '/tmp/x' });
    store.tasks.complete(build.id, 'w', 'Added an export endpoint. Diff: 3 files changed, +120 −4');
    const end = await runJob(store, options, 'security', 'b');
    const task = store.tasks.get(end.taskId ?? 0);
    expect(task).toMatchObject({ type: 'qa', agent: 'Hawk' });
    expect(task?.body).toContain('#1 billing · branch kev/1-csv-export · review — CSV export');
    expect(task?.body).toContain('Diff: 3 files changed, +120 −4');
  });
});

describe('dispatch', () => {
  it('recovers expired leases, wakes the dispatcher, nudges once a day about stuck reviews', async () => {
    t = tempStore();
    const { store, clock } = t;
    clock.now = NOW - 3 * 86_400_000;
    const stuck = store.tasks.create({ title: 'Old review', type: 'research', agent: 'Scout' });
    store.tasks.claim('w', 60_000);
    store.tasks.complete(stuck.id, 'w', 'result');
    const lost = store.tasks.create({ title: 'Lost lease', type: 'research', agent: 'Scout' });
    store.tasks.claim('dead', 60_000);
    clock.now = NOW;
    const { options, sent, kicks } = factory(store);
    const end = await runJob(store, options, 'dispatch', 'a');
    expect(end).toEqual({
      outcome: 'ok',
      detail: '1 expired lease recovered; 1 ready, dispatcher woken; nudged about 1 stuck review',
    });
    expect(store.tasks.get(lost.id)?.state).toBe('ready');
    expect(kicks()).toBe(1);
    expect(sent.map((s) => s.chat)).toEqual(['telegram:4242', 'console:local']);
    expect(sent[0]?.reply.text).toContain(`waited for your review for over a day: #${stuck.id}`);
    // Half an hour later: no second nudge.
    store.tasks.move(lost.id, 'failed');
    expect(await runJob(store, { ...options, clock: () => NOW + 1_800_000 }, 'dispatch', 'b')).toEqual({
      outcome: 'skipped',
      detail: 'the queue is quiet',
    });
    expect(sent).toHaveLength(2);
  });
});

describe('brief job', () => {
  it('sends the brief to every owner chat and remembers when', async () => {
    t = tempStore();
    const { store } = t;
    const { options, sent } = factory(store);
    expect(await runJob(store, options, 'brief', 'a')).toEqual({
      outcome: 'ok',
      detail: 'sent to telegram, console',
    });
    expect(sent.map((s) => [s.chat, s.reply.text.split('\n')[0]])).toEqual([
      ['telegram:4242', 'Brief · Tue 24 Nov'],
      ['console:local', 'Brief · Tue 24 Nov'],
    ]);
    expect(store.settings.get('brief:lastAt')).toBe(NOW);
  });
});
