// News about work the owner did not start in a conversation turn: a result to review, a failure, a
// budget stop, a merge or a failed merge. The dispatcher and the merge service raise the events;
// this turns each into a notice, picks the chat it goes to, and moves a pipeline on after a stage.

import type { Store, TaskRow } from '../db/index.js';
import type { ChatRef, Reply } from './actions/index.js';
import { mergedNotice, notMergedNotice } from './build-notices.js';
import { budgetNotice, failureNotice, reviewRequest } from './notices.js';
import { followPipeline, stageLines } from './pipeline/index.js';
import { finishedText, type ProgressInfo, progressText, startedText } from './progress-notices.js';

export interface NewsOptions {
  store: Store;
  /** Writes a notice to the outbox (Kev.notify). */
  notify(chat: ChatRef, reply: Reply): void;
  /** Runs a state change and writes the messages it returns, in one transaction (Kev.apply). */
  apply(chat: ChatRef, change: () => Reply[]): void;
  /** One message per key, edited as it goes (Kev.progress). */
  progress(chat: ChatRef, key: string, text: string, final?: boolean): void;
  /** Whether Kev is serving this platform now (its transport runs). */
  serves(platform: string): boolean;
  /** The owner's main chat, for a task that came from no running transport. */
  home: ChatRef;
}

/** Contract: every handler returns at once and never throws (the store write is synchronous). */
export class TaskNews {
  constructor(private readonly options: NewsOptions) {}

  review = (task: TaskRow, details: string[]): void =>
    this.tell(task, reviewRequest(task, [...stageLines(this.options.store, task.id), ...details]));
  failed = (task: TaskRow, reason: string, costMicros: number): void => {
    this.tell(task, failureNotice(task, reason, costMicros));
    this.follow(task);
  };
  budgetStop = (task: TaskRow, message: string): void => this.tell(task, budgetNotice(task, message));
  merged = (task: TaskRow, merge: { branch: string; commit: string }): void => {
    this.tell(task, mergedNotice(task, merge));
    // An approved repository stage of a pipeline is done once merged: the next stage starts.
    this.follow(task);
  };
  notMerged = (task: TaskRow, problem: Parameters<typeof notMergedNotice>[1]): void =>
    this.tell(task, notMergedNotice(task, problem));
  // One message per run, edited as it goes: started, running (coding sessions), finished.
  started = (task: TaskRow, modelKey: string): void =>
    this.options.progress(this.chatOf(task), `task-${task.id}`, startedText(task, modelKey));
  progress = (task: TaskRow, info: ProgressInfo): void =>
    this.options.progress(this.chatOf(task), `task-${task.id}`, progressText(task, info));
  finished = (
    task: TaskRow,
    info: { modelKey: string; elapsedMs: number; outcome: 'Finished' | 'Stopped' },
  ): void =>
    this.options.progress(
      this.chatOf(task),
      `task-${task.id}`,
      finishedText(task, info.modelKey, info.elapsedMs, info.outcome),
      true,
    );

  /** A task's news goes to the chat it came from when Kev serves that platform, else to the owner's main chat. */
  chatOf(task: Pick<TaskRow, 'platform' | 'chatId'>): ChatRef {
    return task.platform && task.chatId && this.options.serves(task.platform)
      ? { platform: task.platform, chatId: task.chatId }
      : this.options.home;
  }

  private tell(task: TaskRow, reply: Reply): void {
    this.options.notify(this.chatOf(task), reply);
  }

  /** Moves the task's pipeline on (or stops it), when the task is a pipeline stage. */
  private follow(task: TaskRow): void {
    this.options.apply(this.chatOf(task), () => followPipeline(this.options.store, task.id));
  }
}
