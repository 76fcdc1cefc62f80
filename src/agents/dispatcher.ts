// The dispatcher: claims ready tasks with leases, runs up to N at once, walks each task up the cost
// pyramid (router decisions, budget checked before every call), records every attempt in the
// ledger, and hands results to review. Pause stops claiming; stop() drains with a grace period.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportHealth } from '../db/health.js';
import type { Store, TaskRow } from '../db/index.js';
import type { AttemptOutput, Executor } from '../ports/executor.js';
import { checkBudget, estimateCallMicros } from '../router/budget.js';
import type { Provider } from '../router/catalogue.js';
import { type AttemptRecord, decide, planRoute } from '../router/ladder.js';
import { usdToMicros } from '../router/money.js';
import { findAgent, type Policy, planLadder } from '../router/policy.js';
import { isTaskType, TASK_TYPES } from '../router/task-types.js';
import type { Logger } from '../shared/log.js';
import { sleep } from '../shared/sleep.js';
import { draftRoom, renderPrompt } from './prompt.js';
import { checkAnswer, parseCheck } from './quality.js';
import { type RunEvents, RunNotices } from './run-notices.js';

export interface DispatcherOptions {
  store: Store;
  policy: Policy;
  configured: ReadonlySet<Provider>;
  executors: Partial<Record<Provider, Executor>>;
  concurrency: number;
  /** Coding sessions: tasks of these types run in their own `concurrency` slots; the rest wait in ready. */
  build?: { types: readonly string[]; concurrency: number };
  budget: { dailyUsd: number; taskUsd: number };
  dataDir: string;
  log: Logger;
  /** What the owner hears about: results to review, failures, budget stops. */
  events: DispatchEvents;
  /** Epoch ms of the start of the owner's day containing `at` (budgets are per day). */
  dayStart(at: number): number;
  /** This process's lease owner id. */
  owner?: string;
  leaseMs?: number;
  pollMs?: number;
  maxOutputTokens?: number;
  timeoutMs?: number;
  /** A rate limit asking to wait at most this long is waited out on the same model (default 30 s). */
  rateLimitWaitMs?: number;
  /** A run still going after this long tells the owner it started (coding sessions at once); undefined: never. */
  startedNoticeAfterMs?: number;
  /** How often a coding session's progress message is updated (default 60 s). */
  progressEveryMs?: number;
  /** Waits `ms` or until the signal aborts (tests pass one that returns at once). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  clock?: () => number;
}

/** Contract: called inside the dispatcher's flow; must not throw. */
export interface DispatchEvents extends RunEvents {
  review(task: TaskRow, details: string[]): void;
  failed(task: TaskRow, reason: string, costMicros: number): void;
  budgetStop(task: TaskRow, message: string): void;
}

interface Active {
  controller: AbortController;
  done: Promise<void>;
  build: boolean;
}

type StopReason = 'shutdown' | 'lost-lease';

export class Dispatcher {
  private readonly active = new Map<number, Active>();
  private readonly clock: () => number;
  private readonly owner: string;
  private readonly leaseMs: number;
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  private started = false;
  private budgetBlockedUntil = 0;
  /** The queue's version at the end of the last pass, and whether that pass found Kev paused. */
  private seenVersion = -1;
  private pausedAtLastPass = false;
  private passing = false;
  private again = false;
  private readonly runnableTypes: string[];

  constructor(private readonly options: DispatcherOptions) {
    this.clock = options.clock ?? Date.now;
    this.owner = options.owner ?? `kev-${process.pid}`;
    this.leaseMs = options.leaseMs ?? 90_000;
    this.runnableTypes = TASK_TYPES.filter((type) =>
      planLadder(options.policy, type, options.configured).some(
        (r) => !r.skipped && options.executors[r.provider],
      ),
    );
  }

  /** Starts claiming. The caller has closed the ledger rows of a dead process before (see main.ts). */
  start(): void {
    this.started = true;
    // The timer catches what no signal reports: expired leases, tasks written by another process.
    this.timer = setInterval(() => this.pass(), this.options.pollMs ?? 2000);
    this.timer.unref();
    this.pass();
  }

  get running(): number {
    return this.active.size;
  }

  /** True while an attempt of the task runs here (its worktree is in use). */
  isRunning(taskId: number): boolean {
    return this.active.has(taskId);
  }

  /**
   * The "something changed" listener: a pass only when a task moved since the last one (in this
   * process), or when a pause may have been lifted. A reply written to the outbox costs nothing here.
   * Inert until start(): start-up replay kicks too, and must not start a call that early.
   */
  kick(): void {
    if (!this.started) return;
    const { store } = this.options;
    if (store.tasks.version === this.seenVersion) {
      if (!this.pausedAtLastPass || store.settings.get<boolean>('paused') === true) return;
    }
    this.pass();
  }

  /**
   * Notices cancelled tasks, recovers expired leases, and fills free slots with ready tasks.
   * Not re-entered: a run that raises the signal while a pass claims gets one more pass after it.
   */
  private pass(): void {
    if (!this.started) return;
    if (this.passing) {
      this.again = true;
      return;
    }
    this.passing = true;
    try {
      do {
        this.again = false;
        this.passOnce();
      } while (this.again);
    } finally {
      this.passing = false;
    }
  }

  private passOnce(): void {
    const { store } = this.options;
    try {
      for (const [id, run] of this.active) {
        const task = store.tasks.get(id);
        if (task?.state !== 'in_progress' || task.leaseOwner !== this.owner)
          run.controller.abort('lost-lease');
      }
      if (this.stopping) return;
      store.tasks.recoverExpired();
      this.pausedAtLastPass = store.settings.get<boolean>('paused') === true;
      if (this.pausedAtLastPass) return;
      while (this.clock() >= this.budgetBlockedUntil) {
        // Only types with a model that can run are claimed; the rest wait in ready for a provider.
        const types = this.claimableTypes();
        if (types.length === 0) return;
        const task = store.tasks.claim(this.owner, this.leaseMs, { types });
        if (!task) return;
        const controller = new AbortController();
        const entry: Active = { controller, done: Promise.resolve(), build: this.isBuild(task.type) };
        // In the map before the run starts: its first steps may raise the signal.
        this.active.set(task.id, entry);
        entry.done = this.run(task, controller).finally(() => {
          this.active.delete(task.id);
          // The slot is free: the next task is claimed now, not on the next signal or tick.
          if (!this.stopping) this.pass();
        });
      }
    } finally {
      this.seenVersion = store.tasks.version;
    }
  }

  private isBuild(type: string): boolean {
    return this.options.build?.types.includes(type) ?? false;
  }

  /** Runnable types with a free slot: build types fill the build slots, the others the general ones. */
  private claimableTypes(): string[] {
    const runs = [...this.active.values()];
    const generalFree = runs.filter((r) => !r.build).length < this.options.concurrency;
    const buildFree = runs.filter((r) => r.build).length < (this.options.build?.concurrency ?? 0);
    return this.runnableTypes.filter((type) => (this.isBuild(type) ? buildFree : generalFree));
  }

  /** Stops claiming, lets running attempts finish for `graceMs`, then aborts them and releases their leases. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    const all = () => Promise.all([...this.active.values()].map((a) => a.done));
    const grace = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
    await Promise.race([all(), grace]);
    for (const run of this.active.values()) run.controller.abort('shutdown');
    await all();
  }

  /** Waits until no task is running (tests, benchmarks). */
  async idle(): Promise<void> {
    while (this.active.size) await Promise.all([...this.active.values()].map((a) => a.done));
  }

  private async run(task: TaskRow, controller: AbortController): Promise<void> {
    const { store, log } = this.options;
    const renew = setInterval(
      () => {
        if (!store.tasks.renew(task.id, this.owner, this.leaseMs)) controller.abort('lost-lease');
      },
      Math.max(50, Math.floor(this.leaseMs / 3)),
    );
    const notices = new RunNotices(task, this.options.events, {
      startedAfterMs: this.options.startedNoticeAfterMs,
      progressEveryMs: this.options.progressEveryMs ?? 60_000,
      build: this.isBuild(task.type),
      artifactsDir: this.artifactsDir(task.id),
      clock: this.clock,
    });
    try {
      await this.walk(task, controller.signal, notices);
    } catch (error) {
      log.error({ err: error, taskId: task.id }, 'a task run failed unexpectedly');
      this.tryFail(task, 'Kev hit an internal error running it (see the log)');
    } finally {
      clearInterval(renew);
      const state = store.tasks.get(task.id)?.state;
      notices.finished(state === 'review' || state === 'done' ? 'Finished' : 'Stopped');
    }
  }

  /** Climbs the task's ladder until an answer passes its check, the ladder ends, or the budget stops it. */
  private async walk(task: TaskRow, signal: AbortSignal, notices: RunNotices): Promise<void> {
    const { store, policy, configured } = this.options;
    if (!isTaskType(task.type)) return this.giveUp(task, `unknown task type "${task.type}"`);
    const agent = findAgent(policy, task.agent) ?? findAgent(policy, policy.routes[task.type].agent);
    if (!agent) return this.giveUp(task, `no agent "${task.agent}" in the roster`);
    const plan = planRoute(policy, task.type, agent.name, configured);
    const history: AttemptRecord[] = [];
    const draft = this.previousDraft(task);
    const feedback = task.note ? [`The owner's notes: ${task.note}`] : [];
    const memory = store.memory
      .list('fact')
      .slice(-20)
      .map((m) => m.text);
    const maxOutputTokens = this.options.maxOutputTokens ?? 4096;
    /** Models already waited on once for a rate limit: a second limit there fails over. */
    const waitedOn = new Set<string>();
    for (;;) {
      const decision = decide(plan, history);
      if (decision.kind === 'give_up') return this.giveUp(task, decision.reason);
      const { rung } = decision;
      const entry = policy.catalogue[rung.key];
      const executor = this.options.executors[rung.provider];
      if (!entry || !executor) {
        history.push({
          key: rung.key,
          ok: false,
          failure: 'provider',
          failover: decision.why === 'failover',
        });
        continue;
      }
      const plain = renderPrompt({ task, agent, memory, feedback });
      const prompt = draft
        ? renderPrompt({
            task,
            agent,
            memory,
            feedback,
            draft: {
              text: draft,
              maxChars: draftRoom(
                entry.contextTokens,
                maxOutputTokens,
                plain.system.length + plain.user.length,
              ),
            },
          })
        : plain;
      const estimate = estimateCallMicros(entry, prompt.system.length + prompt.user.length, maxOutputTokens);
      if (!this.withinBudget(task, estimate)) return;
      notices.attemptStarted(rung.key);
      const accept = (answer: AttemptOutput) => this.toReview(task, rung.key, answer);
      const { out, runId } = await this.attempt(
        task,
        rung,
        entry,
        prompt,
        maxOutputTokens,
        signal,
        accept,
      ).finally(() => notices.attemptEnded());
      if (out.ok) return;
      if (out.failure?.class === 'stop') return this.stopped(task, signal.reason as StopReason);
      if (await this.waitedOut(out, rung.key, runId, waitedOn, signal)) {
        if (signal.aborted) return this.stopped(task, signal.reason as StopReason);
        continue;
      }
      const reason = out.failure?.message ?? 'failed';
      history.push({
        key: rung.key,
        ok: false,
        failure: out.failure?.class === 'quality' ? 'quality' : 'provider',
        failover: decision.why === 'failover',
      });
      feedback.push(`${rung.key} failed: ${reason}`);
    }
  }

  /** The result the owner sent back with /revise, when this run is that revision. */
  private previousDraft(task: TaskRow): string | undefined {
    if (!task.result) return undefined;
    const back = this.options.store.tasks
      .events(task.id)
      // The last owner move back to ready (a release or lease recovery comes from in_progress).
      .filter((e) => e.to === 'ready' && e.from !== 'in_progress')
      .at(-1);
    return back?.reason?.startsWith('revise:') ? task.result : undefined;
  }

  /**
   * A short rate limit (retry-after within rateLimitWaitMs) is waited out and the same model tried
   * again, once; a long or repeated one returns false and the ladder moves on. Both are in agent_runs.
   */
  private async waitedOut(
    out: AttemptOutput,
    key: string,
    runId: number,
    waitedOn: Set<string>,
    signal: AbortSignal,
  ): Promise<boolean> {
    const after = out.failure?.retryAfterMs;
    if (out.failure?.kind !== 'rate_limited' || after === undefined || waitedOn.has(key)) return false;
    if (after > (this.options.rateLimitWaitMs ?? 30_000)) return false;
    waitedOn.add(key);
    this.options.store.ledger.waited(runId, after);
    this.options.log.info(
      { model: key, waitMs: after },
      'rate limited briefly; waiting, then the same model again',
    );
    await (this.options.sleep ?? sleep)(after, signal);
    return true;
  }

  private async attempt(
    task: TaskRow,
    rung: Parameters<typeof decide>[0]['rungs'][number],
    entry: NonNullable<Policy['catalogue'][string]>,
    prompt: ReturnType<typeof renderPrompt>,
    maxOutputTokens: number,
    signal: AbortSignal,
    /** Takes an answer that passed its check, in the transaction that closes its ledger row. */
    accept: (out: AttemptOutput) => void,
  ): Promise<{ out: AttemptOutput; runId: number }> {
    const { store } = this.options;
    const executor = this.options.executors[rung.provider] as Executor;
    const run = store.ledger.start({
      taskId: task.id,
      attempt: task.attempts,
      agent: task.agent,
      provider: rung.provider,
      model: rung.key,
    });
    const out = await executor.run({
      task,
      rung,
      entry,
      prompt,
      maxOutputTokens,
      timeoutMs: this.options.timeoutMs ?? 120_000,
      signal,
      artifactsDir: this.artifactsDir(task.id),
      budgetLeftMicros: usdToMicros(this.options.budget.taskUsd) - store.ledger.spendOfTask(task.id),
    });
    const verdict = out.ok ? checkAnswer(out.text, parseCheck(task.check)) : undefined;
    const checked: AttemptOutput =
      verdict && !verdict.ok
        ? { ...out, ok: false, failure: { kind: 'check', message: verdict.reason, class: 'quality' } }
        : out;
    const close = () =>
      store.ledger.finish(run.id, {
        outcome: checked.ok ? 'ok' : (checked.failure?.kind ?? 'failed'),
        ...(checked.failure ? { error: checked.failure.message } : {}),
        ...(checked.failure?.retryAfterMs !== undefined
          ? { retryAfterMs: checked.failure.retryAfterMs }
          : {}),
        ...checked.usage,
        costMicros: checked.costMicros,
      });
    // An answer's charge, its move to review and its review request commit together: one sync, not two.
    if (checked.ok) {
      let failure: unknown;
      store.db.transaction(() => {
        close();
        try {
          accept(checked);
        } catch (error) {
          failure = error; // the artifact could not be written: the charge still commits
        }
      });
      if (failure !== undefined) throw failure;
    } else close();
    // A failing provider shows in /status and `kev doctor`; a wrong answer is not the model being down.
    if (checked.ok || checked.failure?.class === 'quality') reportHealth(store, 'models', undefined);
    else reportHealth(store, 'models', checked.failure?.message ?? 'the model call failed');
    return { out: checked, runId: run.id };
  }

  private withinBudget(task: TaskRow, estimate: number): boolean {
    const { store, budget, dayStart } = this.options;
    const today = dayStart(this.clock());
    const verdict = checkBudget(
      {
        spentTodayMicros: store.ledger.spendSince(today),
        spentTaskMicros: store.ledger.spendOfTask(task.id),
        dailyCapMicros: usdToMicros(budget.dailyUsd),
        taskCapMicros: usdToMicros(budget.taskUsd),
      },
      estimate,
    );
    if (verdict.ok) return true;
    if (verdict.limit === 'task') {
      this.giveUp(task, `budget: ${verdict.message}`);
      return false;
    }
    // The day's budget is spent: the task waits in ready, and no task starts until tomorrow.
    store.tasks.release(task.id, this.owner, `budget: ${verdict.message}`);
    this.budgetBlockedUntil = Math.max(dayStart(today + 36 * 3_600_000), this.clock() + 60_000);
    if (store.settings.get<number>('budget-notice') !== today) {
      store.settings.set('budget-notice', today);
      this.options.events.budgetStop(task, verdict.message);
    }
    return false;
  }

  private toReview(task: TaskRow, modelKey: string, out: AttemptOutput): void {
    const { store } = this.options;
    const dir = this.artifactsDir(task.id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `result-${task.attempts}.md`), out.text);
    const cost = store.ledger.spendOfTask(task.id);
    try {
      // The move to review and its review request commit together: a crash between them would
      // leave a task in review that the owner never hears of. Inside the ledger's transaction this
      // is a savepoint: a lost lease undoes the move, never the charge.
      store.db.transaction(() => {
        const done = store.tasks.complete(task.id, this.owner, out.text, {
          reason: `answered by ${modelKey}`,
          patch: { costMicros: cost },
        });
        this.options.events.review(done, [`Model: ${modelKey}`, ...(out.details ?? [])]);
      });
    } catch (error) {
      // The lease was lost (cancelled, or expired and reclaimed): the result stays in the artifacts.
      this.options.log.warn(
        { err: error, taskId: task.id },
        'result kept in artifacts; the task was no longer ours',
      );
    }
  }

  private stopped(task: TaskRow, reason: StopReason | undefined): void {
    if (reason !== 'shutdown') return;
    try {
      this.options.store.tasks.release(task.id, this.owner, 'Kev is shutting down');
    } catch {
      // Already moved by someone else: nothing to release.
    }
  }

  private giveUp(task: TaskRow, reason: string): void {
    // The failure and its notice commit together (a crash between them would lose the notice).
    this.options.store.db.transaction(() => {
      if (!this.tryFail(task, reason)) return;
      this.options.events.failed(task, reason, this.options.store.ledger.spendOfTask(task.id));
    });
  }

  private tryFail(task: TaskRow, reason: string): boolean {
    try {
      const cost = this.options.store.ledger.spendOfTask(task.id);
      this.options.store.tasks.fail(task.id, this.owner, reason, { patch: { costMicros: cost } });
      return true;
    } catch {
      return false;
    }
  }

  private artifactsDir(taskId: number): string {
    return join(this.options.dataDir, 'artifacts', String(taskId));
  }
}
