// The storm's invariants, read from the SQLite file Kev left and the fakes' records. Each failed
// invariant is one sentence in `violations`; the counts say what the storm exercised.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { canTransition } from '../../src/db/queue.js';
import type { TaskState } from '../../src/db/schema.js';
import { FAKE_SECRETS, OWNER, openRead, type StormWorld } from './storm.js';
import { type BuildVerdict, checkBuilds } from './storm-check-builds.js';

export interface StormVerdict extends BuildVerdict {
  violations: string[];
  updates: number;
  tasks: number;
  done: number;
  replies: number;
  /** Replies the fake received twice, each across a kill: the send whose response was lost. */
  lostResponseDuplicates: number;
  modelCalls: number;
  interruptedCalls: number;
}

const TERMINAL: TaskState[] = ['done', 'failed'];

export function checkStorm(world: StormWorld): StormVerdict {
  const violations: string[] = [];
  const db = openRead(world.dbFile);
  if (!db) throw new Error(`no database at ${world.dbFile}`);
  try {
    const all = <T>(sql: string, ...args: unknown[]) => db.prepare(sql).all(...args) as T[];

    // Every inbound owner update recorded once and handled once.
    const inbound = all<{ external_id: string; n: number; handled: number }>(
      `select external_id, count(*) n, sum(handled_at is not null) handled from messages
       where direction='in' group by external_id`,
    );
    const byId = new Map(inbound.map((r) => [r.external_id, r]));
    const updates = world.telegram.world.updates;
    for (const update of updates) {
      const id = update.message
        ? `:${update.message.chat.id}:${update.message.message_id}`
        : update.callback_query
          ? `:cb:${update.callback_query.id}`
          : undefined;
      if (!id) continue;
      const rows = [...byId.entries()].filter(([key]) => key.endsWith(id));
      if (rows.length !== 1) violations.push(`update ${update.update_id} recorded ${rows.length} times`);
      else if (rows[0]?.[1].handled !== 1)
        violations.push(`update ${update.update_id} not handled exactly once`);
    }

    // Each task-creating message made exactly one task.
    const tasks = all<{ id: number; title: string; state: TaskState; lease_expires_at: number | null }>(
      'select id, title, state, lease_expires_at from tasks',
    );
    for (const marker of world.taskMarkers) {
      const made = tasks.filter((t) => t.title.includes(marker)).length;
      if (made !== 1) violations.push(`message ${marker} made ${made} tasks`);
    }

    // Every task settled, with a history whose steps are legal and end in its state.
    const events = all<{ task_id: number; from_state: TaskState | null; to_state: TaskState }>(
      'select task_id, from_state, to_state from task_events order by id',
    );
    for (const t of tasks) {
      if (!TERMINAL.includes(t.state)) violations.push(`task #${t.id} ended in ${t.state}`);
      const history = events.filter((e) => e.task_id === t.id);
      let state: TaskState | null = null;
      for (const e of history) {
        if (e.from_state !== state)
          violations.push(`task #${t.id}: event from ${e.from_state} after ${state}`);
        else if (state !== null && !canTransition(state, e.to_state))
          violations.push(`task #${t.id}: illegal ${state} → ${e.to_state}`);
        state = e.to_state;
      }
      if (state !== t.state) violations.push(`task #${t.id}: history ends in ${state}, row says ${t.state}`);
      const doneTimes = history.filter((e) => e.to_state === 'done').length;
      if (doneTimes > 1) violations.push(`task #${t.id} done ${doneTimes} times`);
    }

    // Every reply delivered, none parked.
    const outbox = all<{
      id: number;
      kind: string;
      payload: string;
      delivered_at: number | null;
      parked_at: number | null;
    }>(`select id, kind, payload, delivered_at, parked_at from outbox where chat_id = ?`, String(OWNER.id));
    for (const row of outbox)
      if (row.delivered_at === null) violations.push(`outbox #${row.id} (${row.kind}) not delivered`);

    // No reply sent twice, except across a kill between the platform's acceptance and the mark.
    const sends = world.telegram
      .callsTo('sendMessage')
      .filter((c) => String(c.params.chat_id) === String(OWNER.id));
    const markersOf = (text: string) => [...new Set(text.match(/\bQ\d{4}[a-z]\b/g) ?? [])];
    const rowsWith = new Map<string, number>();
    for (const row of outbox.filter((r) => r.kind === 'send'))
      for (const m of markersOf(row.payload)) rowsWith.set(m, (rowsWith.get(m) ?? 0) + 1);
    const sentWith = new Map<string, number[]>();
    for (const call of sends.filter((c) => c.status === 200))
      for (const m of markersOf(String(call.params.text)))
        sentWith.set(m, [...(sentWith.get(m) ?? []), call.at]);
    let lostResponseDuplicates = 0;
    for (const [m, times] of sentWith) {
      const extra = times.length - (rowsWith.get(m) ?? 0);
      if (extra <= 0) continue;
      const first = Math.min(...times);
      const killsAfter = world.kills.filter((k) => k >= first).length;
      if (killsAfter === 0)
        violations.push(`a reply about ${m} sent ${extra} extra time(s) with no kill between`);
      else lostResponseDuplicates += extra;
    }

    // No model call charged twice: the ledger never saw a second close, and interrupted calls cost nothing.
    const runs = all<{ outcome: string; cost_micros: number }>('select outcome, cost_micros from agent_runs');
    const log = safeRead(world.logFile);
    if (/finished twice|closed as interrupted while its call ran/.test(log))
      violations.push('the ledger logged a second close of a call');
    for (const r of runs) {
      if (r.outcome === 'running') violations.push('a model call is still "running" after a clean stop');
      if (r.outcome === 'interrupted' && r.cost_micros !== 0)
        violations.push('an interrupted call was charged');
    }

    const builds = checkBuilds(world, db, violations);

    return {
      violations,
      ...builds,
      updates: updates.length,
      tasks: tasks.length,
      done: tasks.filter((t) => t.state === 'done').length,
      replies: outbox.length,
      lostResponseDuplicates,
      modelCalls: runs.length,
      interruptedCalls: runs.filter((r) => r.outcome === 'interrupted').length,
    };
  } finally {
    db.close();
  }
}

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Where any fake secret appears in the bytes Kev wrote under the storm's directory or sent as prompts. */
export function secretLeaks(world: StormWorld): string[] {
  const secrets = Object.values(FAKE_SECRETS);
  const leaks: string[] = [];
  for (const file of filesUnder(world.dir)) {
    const bytes = readFileSync(file);
    for (const secret of secrets)
      if (bytes.includes(secret)) leaks.push(`${secret.slice(0, 12)}… in ${file}`);
  }
  for (const model of world.models)
    for (const request of model.requests) {
      const body = JSON.stringify(request.body);
      for (const secret of secrets)
        if (body.includes(secret)) leaks.push(`${secret.slice(0, 12)}… in a prompt to ${request.path}`);
    }
  for (const call of world.telegram.calls) {
    const params = JSON.stringify(call.params);
    for (const secret of secrets)
      if (params.includes(secret)) leaks.push(`${secret.slice(0, 12)}… in a ${call.method} to Telegram`);
  }
  return leaks;
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
