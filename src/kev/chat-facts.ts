// What Kev knows that bears on a question, gathered before a model answers it: the open queue, the
// latest finished work, tasks whose words match, and the memory rows FTS5 ranks highest.

import type { Store, TaskRow } from '../db/index.js';
import type { ChatFacts } from '../ports/intents.js';
import { excerpt, taskLine } from './format.js';

const FINISHED = new Set(['done', 'failed', 'cancelled']);
const OPEN_LIMIT = 20;
const FINISHED_LIMIT = 8;
const MATCH_LIMIT = 8;
const MEMORY_LIMIT = 8;

function wordsOf(text: string): string[] {
  return [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]{4,}/gu) ?? [])];
}

/** The latest tasks a question names by number or by a word of their title or agent. */
export function matchingTasks(tasks: TaskRow[], question: string, limit: number): TaskRow[] {
  const words = wordsOf(question);
  const ids = new Set((question.match(/#?(\d{1,9})\b/g) ?? []).map((m) => Number(m.replace('#', ''))));
  return tasks
    .filter((t) => ids.has(t.id) || words.some((w) => `${t.title} ${t.agent}`.toLowerCase().includes(w)))
    .slice(-limit);
}

export function gatherChatFacts(store: Store, question: string): ChatFacts {
  const all = store.tasks.list({ limit: 2000 });
  const open = all.filter((t) => !FINISHED.has(t.state)).slice(-OPEN_LIMIT);
  const finished = all
    .filter((t) => FINISHED.has(t.state))
    .sort((a, b) => b.updatedAt - a.updatedAt)
    .slice(0, FINISHED_LIMIT);
  const matching = matchingTasks(all, question, MATCH_LIMIT);
  const seen = new Set<number>();
  const tasks: string[] = [];
  for (const task of [...matching, ...open, ...finished]) {
    if (seen.has(task.id)) continue;
    seen.add(task.id);
    tasks.push(describe(task));
  }
  const memory = store.memory.search(question, MEMORY_LIMIT).map((m) => `${m.kind} ${m.id}: ${m.text}`);
  return { tasks, memory };
}

function describe(task: TaskRow): string {
  const extra = task.note ? ` (note: ${excerpt(task.note, 100)})` : '';
  const result = task.result ? ` — result: ${excerpt(task.result, 160)}` : '';
  return `${taskLine(task)}${extra}${result}`;
}
