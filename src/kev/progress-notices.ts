// What the owner sees while work runs: a short "Started" line once a run is past a few seconds,
// the same message edited with the elapsed time (and what a coding CLI last reported) for long
// sessions, and an elapsed time per running task in /status. Plain text, like all of the core.

import type { TaskRow } from '../db/index.js';

/** "45 s", "3 min", "1 h 20 min" */
export function elapsed(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}

export function startedText(task: TaskRow, modelKey: string): string {
  return `Started #${task.id} · ${task.agent} on ${modelKey}`;
}

export interface ProgressInfo {
  modelKey: string;
  elapsedMs: number;
  /** What the coding CLI last reported, in a few words. */
  activity?: string;
}

export function progressText(task: TaskRow, info: ProgressInfo): string {
  const lines = [
    `Running #${task.id} · ${task.agent} on ${info.modelKey} · ${elapsed(info.elapsedMs)} so far`,
  ];
  if (info.activity) lines.push(`Last: ${info.activity}`);
  lines.push(`/status shows all running work; /cancel ${task.id} stops this one.`);
  return lines.join('\n');
}

export function finishedText(task: TaskRow, modelKey: string, elapsedMs: number, outcome: string): string {
  return `${outcome} #${task.id} · ${task.agent} on ${modelKey} · after ${elapsed(elapsedMs)}`;
}
