// A factory's worth of history for the board: tasks in every state across the roster, attempts
// with tokens and cost spread over 30 days, and one task running now. Used by the board's
// benchmark (10,000 tasks) and by the browser suite's screenshots (a few dozen).

import type { Store, TaskState } from '../src/db/index.js';
import { agentRuns, taskEvents, tasks } from '../src/db/schema.js';

const WORK: Array<[string, string, string, string]> = [
  ['Research the best vector databases for 10M embeddings', 'research', 'Scout', 'cerebras/gpt-oss-120b'],
  ['Summarise the 40-page SOC 2 report', 'summarize', 'Scout', 'cerebras/gpt-oss-120b'],
  ['Add CSV export to the invoices page', 'code', 'Rex', 'anthropic/claude-sonnet-5-5'],
  ['Review the onboarding flow for friction', 'ui_review', 'Pixel', 'anthropic/claude-sonnet-5-5'],
  ['Check the new privacy policy against GDPR', 'legal_review', 'Law', 'anthropic/claude-opus-5-5'],
  ['Triage this week’s support inbox', 'triage', 'Scout', 'cerebras/llama3.1-8b'],
  ['Fix the flaky date test in billing', 'quick_fix', 'Rex', 'cerebras/gpt-oss-120b'],
  ['Analyse churn in the Q3 cohort export', 'analysis', 'Atlas', 'gemini/gemini-2.5-pro'],
  ['Draft the launch post for the agent factory', 'content', 'Echo', 'gemini/gemini-2.5-flash'],
  ['Write the outreach sequence for design partners', 'sales', 'Chase', 'gemini/gemini-2.5-flash'],
];
const STATES = [
  'done',
  'done',
  'done',
  'done',
  'failed',
  'review',
  'ready',
  'backlog',
  'done',
  'done',
] as const;

export interface SeedOptions {
  tasks: number;
  now: number;
  days?: number;
}

/** Inserts `tasks` tasks (one attempt each, most of them finished) in one transaction; returns the running task's id. */
export function seedBoard(store: Store, options: SeedOptions): number {
  const days = options.days ?? 30;
  const span = days * 86_400_000;
  let running = 0;
  store.db.transaction((tx) => {
    for (let i = 0; i < options.tasks; i++) {
      const [title, type, agent, model] = WORK[i % WORK.length] as [string, string, string, string];
      const last = i === options.tasks - 1;
      const state: TaskState = last ? 'in_progress' : (STATES[(i * 7) % STATES.length] ?? 'done');
      // Older tasks first; a few days are busier than the budget allows.
      const at = options.now - span + Math.floor(((i + 0.5) / options.tasks) * span);
      const day = Math.floor((options.now - at) / 86_400_000);
      const cost = Math.round(
        (model.includes('opus') ? 900_000 : model.includes('sonnet') ? 400_000 : 30_000) *
          (day % 9 === 4 ? 9 : 1),
      );
      const row = tx
        .insert(tasks)
        .values({
          title: options.tasks > WORK.length ? `${title} (${i + 1})` : title,
          body: `${title}.`,
          type,
          agent,
          state,
          attempts: state === 'backlog' || state === 'ready' ? 0 : 1,
          result: state === 'done' || state === 'review' ? `## Findings\n\nItem ${i + 1}: **done**.` : null,
          note: state === 'failed' ? 'tests failed after 3 attempts' : null,
          costMicros: state === 'backlog' || state === 'ready' ? 0 : cost,
          leaseOwner: last ? 'seed' : null,
          leaseExpiresAt: last ? options.now + 600_000 : null,
          createdAt: at,
          updatedAt: at + 60_000,
        })
        .returning({ id: tasks.id })
        .get();
      tx.insert(taskEvents)
        .values({ taskId: row.id, from: null, to: 'ready', reason: 'created', actor: 'owner', at })
        .run();
      if (state !== 'backlog' && state !== 'ready') {
        tx.insert(agentRuns)
          .values({
            taskId: row.id,
            attempt: 1,
            agent,
            provider: model.split('/')[0] ?? 'unknown',
            model,
            inputTokens: 1200 + (i % 50) * 40,
            outputTokens: 600 + (i % 30) * 25,
            costMicros: last ? 0 : cost,
            durationMs: last ? 0 : 4_000 + (i % 20) * 900,
            outcome: last ? 'running' : state === 'failed' ? 'quality' : 'ok',
            error: state === 'failed' ? 'the answer missed the required fields' : null,
            startedAt: last ? options.now - 95_000 : at,
            finishedAt: last ? null : at + 60_000,
          })
          .run();
        tx.insert(taskEvents)
          .values({
            taskId: row.id,
            from: 'ready',
            to: state,
            reason: 'seeded',
            actor: 'seed',
            at: at + 60_000,
          })
          .run();
      }
      if (last) running = row.id;
    }
  });
  return running;
}
