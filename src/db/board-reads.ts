// Read models for the board: paginated queue pages, one task with its attempts and history, spend
// buckets, outbox health and a cheap change mark for live updates. Reads only; nothing here writes.

import type { Statement } from 'better-sqlite3';
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, like, sql } from 'drizzle-orm';
import type { Db } from './connection.js';
import { agentRuns, outbox, taskEvents, tasks } from './schema.js';

export interface QueueFilter {
  state?: string;
  agent?: string;
  type?: string;
  search?: string;
  page?: number;
  pageSize?: number;
}

export interface QueueRow {
  id: number;
  title: string;
  type: string;
  agent: string;
  state: string;
  attempts: number;
  costMicros: number;
  updatedAt: number;
  createdAt: number;
  /** For a running task: the model of the attempt under way and when it started. */
  running?: { model: string; startedAt: number };
}

export interface QueuePage {
  rows: QueueRow[];
  total: number;
  page: number;
  pages: number;
  /** Count per state over the whole queue, with the agent/type/search filter applied. */
  states: Record<string, number>;
  agents: string[];
  types: string[];
}

export interface SpendBucket {
  /** Index into the day starts asked for: 0 is the first day. */
  day: number;
  agent: string;
  model: string;
  costMicros: number;
  runs: number;
}

export interface ChangeMark {
  events: number;
  runs: number;
  outbox: number;
  /** Rows changed by this connection; catches writes that leave no event (a run finishing). */
  changes: number;
}

export class BoardReads {
  private readonly statements = new Map<string, Statement>();

  /**
   * Drizzle queries built once with placeholders: building a query costs far more than running it
   * (a task page's three queries allocated ~200 KB a request when built afresh).
   */
  private readonly prepared;

  constructor(private readonly db: Db) {
    const id = sql.placeholder('id');
    this.prepared = {
      task: db.select().from(tasks).where(eq(tasks.id, id)).prepare(),
      runs: db.select().from(agentRuns).where(eq(agentRuns.taskId, id)).orderBy(asc(agentRuns.id)).prepare(),
      events: db
        .select()
        .from(taskEvents)
        .where(eq(taskEvents.taskId, id))
        .orderBy(asc(taskEvents.id))
        .prepare(),
      review: db
        .select({ payload: outbox.payload })
        .from(outbox)
        .where(and(eq(outbox.kind, 'send'), like(outbox.payload, sql.placeholder('prefix'))))
        .orderBy(desc(outbox.id))
        .limit(1)
        .prepare(),
      outcomes: db
        .select({ agent: tasks.agent, state: tasks.state, n: sql<number>`count(*)` })
        .from(tasks)
        .where(and(gte(tasks.updatedAt, sql.placeholder('since')), inArray(tasks.state, ['done', 'failed'])))
        .groupBy(tasks.agent, tasks.state)
        .prepare(),
      pending: db
        .select({ n: sql<number>`count(*)`, oldest: sql<number | null>`min(${outbox.createdAt})` })
        .from(outbox)
        .where(and(isNull(outbox.deliveredAt), isNull(outbox.parkedAt)))
        .prepare(),
      parkedCount: db
        .select({ n: sql<number>`count(*)` })
        .from(outbox)
        .where(isNotNull(outbox.parkedAt))
        .prepare(),
      parked: db
        .select({
          id: outbox.id,
          platform: outbox.platform,
          lastError: outbox.lastError,
          parkedAt: outbox.parkedAt,
        })
        .from(outbox)
        .where(isNotNull(outbox.parkedAt))
        .orderBy(desc(outbox.id))
        .limit(sql.placeholder('limit'))
        .prepare(),
    };
  }

  queue(filter: QueueFilter): QueuePage {
    const pageSize = Math.min(Math.max(filter.pageSize ?? 50, 1), 200);
    // Hand-written SQL with cached statements: the board asks this on every live refresh, and
    // building the query through Drizzle costs more than running it.
    const clauses: string[] = [];
    const params: Array<string | number> = [];
    if (filter.agent) {
      clauses.push('agent = ?');
      params.push(filter.agent);
    }
    if (filter.type) {
      clauses.push('type = ?');
      params.push(filter.type);
    }
    if (filter.search) {
      clauses.push("(title like ? escape '\\' or cast(id as text) = ?)");
      params.push(`%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, filter.search.replace(/^#/, ''));
    }
    const base = clauses.length ? `where ${clauses.join(' and ')}` : '';
    const states: Record<string, number> = {};
    const counts = this.statement(`select state, count(*) as n from tasks ${base} group by state`);
    for (const row of counts.all(...params) as Array<{ state: string; n: number }>) states[row.state] = row.n;
    const total = filter.state
      ? (states[filter.state] ?? 0)
      : Object.values(states).reduce((a, b) => a + b, 0);
    const pages = Math.max(1, Math.ceil(total / pageSize));
    const page = Math.min(Math.max(1, Math.floor(filter.page ?? 1)), pages);
    const where = filter.state ? (base ? `${base} and state = ?` : 'where state = ?') : base;
    const rows = this.statement(
      `select id, title, type, agent, state, attempts, cost_micros as costMicros, updated_at as updatedAt,
       created_at as createdAt from tasks ${where} order by id desc limit ? offset ?`,
    ).all(...params, ...(filter.state ? [filter.state] : []), pageSize, (page - 1) * pageSize) as QueueRow[];
    const runningIds = rows.filter((r) => r.state === 'in_progress').map((r) => r.id);
    if (runningIds.length) {
      const live = this.statement(
        `select task_id as taskId, model, started_at as startedAt from agent_runs
         where outcome = 'running' and task_id in (${runningIds.map(() => '?').join(',')}) order by id`,
      ).all(...runningIds) as Array<{ taskId: number; model: string; startedAt: number }>;
      const byTask = new Map(live.map((r) => [r.taskId, r]));
      for (const row of rows) {
        const run = byTask.get(row.id);
        if (run) row.running = { model: run.model, startedAt: run.startedAt };
      }
    }
    return {
      rows,
      total,
      page,
      pages,
      states,
      agents: this.distinct('agent'),
      types: this.distinct('type'),
    };
  }

  task(id: number) {
    const task = this.prepared.task.get({ id });
    if (!task) return undefined;
    return { task, runs: this.prepared.runs.all({ id }), events: this.prepared.events.all({ id }) };
  }

  /** The text of the newest review request sent about a task (it carries a build's diff stat). */
  reviewText(id: number): string | undefined {
    const row = this.prepared.review.get({ prefix: `{"text":"Review #${id} %` });
    return row ? (JSON.parse(row.payload) as { text: string }).text : undefined;
  }

  /**
   * Spend per day, agent and model since `starts[0]`; `starts` are the local midnights (ascending),
   * so the day of a run is how many of them it is at or after, less one — exact in any time zone.
   */
  spendByDay(starts: number[]): SpendBucket[] {
    if (!starts.length) return [];
    const day = `(${starts.map(() => '(started_at >= ?)').join(' + ')}) - 1`;
    return this.statement(
      `select ${day} as day, agent, model, coalesce(sum(cost_micros), 0) as costMicros, count(*) as runs
       from agent_runs where started_at >= ? group by 1, agent, model`,
    ).all(...starts, starts[0] as number) as SpendBucket[];
  }

  /** Per agent: tasks done and failed since `since` (by their last update). */
  outcomesByAgent(since: number): Array<{ agent: string; state: string; n: number }> {
    return this.prepared.outcomes.all({ since });
  }

  outboxHealth(): { pending: number; parked: number; oldestPendingAt: number | undefined } {
    const pending = this.prepared.pending.get();
    const parked = this.prepared.parkedCount.get();
    return {
      pending: pending?.n ?? 0,
      parked: parked?.n ?? 0,
      oldestPendingAt: pending?.oldest ?? undefined,
    };
  }

  /** The last parked messages (delivery stopped for good), newest first. */
  parked(limit = 10) {
    return this.prepared.parked.all({ limit });
  }

  /** Cheap to read every second: it moves whenever a task, a run or the outbox changes. */
  changeMark(): ChangeMark {
    return this.statement(
      `select (select coalesce(max(id), 0) from task_events) as events,
       (select coalesce(max(id), 0) from agent_runs) as runs,
       (select coalesce(max(id), 0) from outbox) as outbox, total_changes() as changes`,
    ).get() as ChangeMark;
  }

  private distinct(column: 'agent' | 'type'): string[] {
    const rows = this.statement(
      `select distinct ${column} as v from tasks order by ${column}`,
    ).all() as Array<{
      v: string;
    }>;
    return rows.map((r) => r.v);
  }

  /** Prepared once per SQL text (a handful of shapes), then reused. */
  private statement(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.$client.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }
}
