// The notices of one task run: "started" once the run is past a few seconds (a coding session at
// once), a progress tick for coding sessions (elapsed time and what the CLI last reported, read
// from the tail of its stdout log), and "finished" when a started run ends. Timers only; no I/O
// but reading the log tail.

import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TaskRow } from '../db/index.js';

/** Contract: called inside the dispatcher's flow; must not throw. */
export interface RunEvents {
  started?(task: TaskRow, modelKey: string): void;
  progress?(task: TaskRow, info: { modelKey: string; elapsedMs: number; activity?: string }): void;
  finished?(
    task: TaskRow,
    info: { modelKey: string; elapsedMs: number; outcome: 'Finished' | 'Stopped' },
  ): void;
}

export interface RunNoticeOptions {
  /** A run still going after this long gets a "started" notice; undefined: never. */
  startedAfterMs: number | undefined;
  /** Coding sessions: how often the progress message is updated. */
  progressEveryMs: number;
  /** Coding sessions are expected to be long: announced at once and ticked. */
  build: boolean;
  artifactsDir: string;
  clock: () => number;
}

const TAIL_BYTES = 4096;

/** The stdout log of the newest CLI attempt under a task's artifacts (cli-<attempt>-<model>/). */
export function newestStdoutLog(artifactsDir: string): string | undefined {
  let best: { path: string; at: number } | undefined;
  try {
    for (const entry of readdirSync(artifactsDir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const path = join(artifactsDir, entry.name, 'stdout.log');
      try {
        const at = statSync(path).mtimeMs;
        if (!best || at > best.at) best = { path, at };
      } catch {
        // no log in this folder
      }
    }
  } catch {
    return undefined;
  }
  return best?.path;
}

/** What the CLI last said, in a few words: the last recognisable event of its JSON lines. */
export function lastActivity(stdoutLog: string): string | undefined {
  let text: string;
  try {
    const size = statSync(stdoutLog).size;
    const fd = openSync(stdoutLog, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(TAIL_BYTES, size));
      readSync(fd, buffer, 0, buffer.length, Math.max(0, size - buffer.length));
      text = buffer.toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  for (const line of text.split('\n').reverse()) {
    const said = describeEvent(line);
    if (said) return said.length > 120 ? `${said.slice(0, 119)}…` : said;
  }
  return undefined;
}

function describeEvent(line: string): string | undefined {
  let event: {
    type?: string;
    item?: { type?: string; command?: string; text?: string; changes?: unknown[] };
  };
  try {
    event = JSON.parse(line) as typeof event;
  } catch {
    return undefined;
  }
  const item = event.item;
  if (!item) return event.type === 'turn.started' ? 'working' : undefined;
  const words: Record<string, () => string | undefined> = {
    command_execution: () => (item.command ? `ran ${item.command}` : undefined),
    file_change: () => `changed ${item.changes?.length ?? 1} file(s)`,
    reasoning: () => item.text?.replace(/\*+/g, '').trim(),
    agent_message: () => item.text?.split('\n')[0],
  };
  return words[item.type ?? '']?.();
}

export class RunNotices {
  private readonly startedAt: number;
  private modelKey = '';
  private announced = false;
  private timer: NodeJS.Timeout | undefined;
  private ticker: NodeJS.Timeout | undefined;

  constructor(
    private readonly task: TaskRow,
    private readonly events: RunEvents,
    private readonly options: RunNoticeOptions,
  ) {
    this.startedAt = options.clock();
  }

  attemptStarted(modelKey: string): void {
    this.modelKey = modelKey;
    const after = this.options.startedAfterMs;
    if (this.announced || after === undefined) return;
    const wait = this.options.build ? 0 : after;
    if (wait <= 0) this.announce();
    else {
      this.timer = setTimeout(() => this.announce(), wait);
      this.timer.unref();
    }
  }

  attemptEnded(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  finished(outcome: 'Finished' | 'Stopped'): void {
    this.attemptEnded();
    clearInterval(this.ticker);
    if (!this.announced) return;
    this.events.finished?.(this.task, { modelKey: this.modelKey, elapsedMs: this.elapsed(), outcome });
  }

  private announce(): void {
    this.announced = true;
    this.events.started?.(this.task, this.modelKey);
    if (!this.options.build) return;
    this.ticker = setInterval(() => this.tick(), this.options.progressEveryMs);
    this.ticker.unref();
  }

  private tick(): void {
    const log = newestStdoutLog(this.options.artifactsDir);
    const activity = log ? lastActivity(log) : undefined;
    this.events.progress?.(this.task, {
      modelKey: this.modelKey,
      elapsedMs: this.elapsed(),
      ...(activity ? { activity } : {}),
    });
  }

  private elapsed(): number {
    return this.options.clock() - this.startedAt;
  }
}
