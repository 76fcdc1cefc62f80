// The composition root: reads config, opens the store, builds the transports, Kev, the delivery
// loop, the dispatcher, the merge service and the scheduler, and connects them. It routes nothing
// itself: Kev turns the workers' events into notices, and one "changed" signal wakes every loop.

import {
  buildTaskTypes,
  createExecutors,
  Dispatcher,
  MergeService,
  taskDiffs,
  triageFor,
} from './agents/index.js';
import { openTransports } from './bot/index.js';
import { type Config, configuredProviders, logFileOf } from './config/config.js';
import { loadSettings } from './config/settings.js';
import { openStore, type Store } from './db/index.js';
import { recoverAfterCrash } from './db/recover.js';
import { chooseParser, draftTask } from './intents/index.js';
import { COMMANDS, Delivery, Kev } from './kev/index.js';
import { type Timer, wireScheduler } from './kev/schedules/index.js';
import { startOfDay } from './ports/clock.js';
import { Changed } from './shared/changed.js';
import { runUntilStopped } from './shared/lifecycle.js';
import { createLogger, type Logger } from './shared/log.js';
import { boardLoop } from './web/loop.js';
import type { Board } from './web/server.js';

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** How long running attempts may finish at shutdown before they are aborted and released. */
  graceMs?: number;
  /** The scheduler's (and Kev's) clock and timer; tests inject fakes. */
  clock?: () => number;
  timer?: Timer;
  /** A person watches the terminal (WhatsApp without a session pairs there). Default: stdout is a TTY. */
  terminal?: boolean;
}

export interface Running {
  config: Config;
  store: Store;
  kev: Kev;
  dispatcher: Dispatcher;
  /** Merges approved build branches and removes the worktrees of ended tasks. */
  merges: MergeService;
  log: Logger;
  /** The web board, when KEV_BOARD_PORT is set. */
  board?: Board;
  /** Resolves when Kev has stopped (end of console input, a signal, or stop()). */
  done: Promise<void>;
  stop(): Promise<void>;
}

export async function run(options: RunOptions = {}): Promise<Running> {
  const cwd = options.cwd ?? process.cwd();
  const { rawEnv, config, policy, factory, pipelinePlan } = loadSettings(cwd, options.env ?? process.env);
  const logFile = logFileOf(config);
  const log = createLogger({
    level: config.logLevel,
    file: logFile,
    secrets: config.secrets,
    // Readable lines for a person at a terminal; JSON when piped, in a file or under a service.
    pretty: !logFile && process.stderr.isTTY === true,
    color: !rawEnv.NO_COLOR,
  });
  const store = openStore(config.dbFile, Date.now, { log });
  recoverAfterCrash(store, log); // before replay below can start a model call
  const configured = configuredProviders(config);
  const clock = options.clock ?? Date.now;
  const dayStart = (at: number) => startOfDay(at, config.timezone);
  const budget = { dailyUsd: config.dailyBudgetUsd, taskUsd: config.taskBudgetUsd };
  const changed = new Changed();
  const transcribe = config.transcribe
    ? (await import('./agents/transcriber.js')).createTranscriber({ ...config.transcribe, store, log })
    : undefined;
  const transports = await openTransports({
    telegram: config.telegram,
    whatsapp: config.whatsapp && { ...config.whatsapp, rows: store.whatsapp },
    terminal: options.terminal ?? Boolean(process.stdout.isTTY),
    transcribe,
    durable: () => store.durability.flush(),
    alert: (from, text) => {
      for (const chat of transports.homes)
        if (chat.platform !== from && chat.platform !== 'console') kev.notify(chat, { text });
    },
    console: {
      input: options.input ?? process.stdin,
      output: options.output ?? process.stdout,
      color: !rawEnv.NO_COLOR,
      filesDir: `${config.dataDir}/files`,
      historyFile: `${config.dataDir}/console-history`,
      afterEach: () => delivery.drain(),
    },
    commands: COMMANDS.map((c) => ({ command: c.name, description: c.description })),
    log,
  });
  const meter = { store, dailyBudgetUsd: config.dailyBudgetUsd, dayStart };
  const kev = new Kev({
    ...{ store, policy, configured, log, changed, clock, timezone: config.timezone },
    parser: chooseParser(policy, { log, triage: triageFor(config.providers, policy, meter) }).parser,
    draft: (text) => draftTask(policy, text),
    ...{ owners: transports.owners, home: transports.home, maxMessageBytes: config.maxMessageBytes },
    budget: { ...budget, confirmAboveUsd: config.confirmAboveUsd },
    ...{ schedules: factory.schedules, pipelinePlan },
  });
  const delivery = new Delivery({
    store,
    transports: transports.list,
    log,
    retentionMs: config.outboxRetentionMs,
  });
  const build = { store, dataDir: config.dataDir, parentEnv: rawEnv, catalogue: policy.catalogue, log };
  const dispatcher = new Dispatcher({
    ...{ store, policy, configured, budget, dataDir: config.dataDir, log, dayStart, events: kev.news },
    executors: createExecutors(config, build),
    concurrency: config.concurrency,
    rateLimitWaitMs: config.rateLimitWaitMs,
    ...(config.startedNoticeAfterMs !== undefined
      ? { startedNoticeAfterMs: config.startedNoticeAfterMs }
      : {}),
    build: { types: buildTaskTypes(policy), concurrency: config.buildConcurrency },
  });
  const busy = (taskId: number) => dispatcher.isRunning(taskId);
  const merges = new MergeService({ store, dataDir: config.dataDir, log, busy, events: kev.news });
  const scheduler = wireScheduler({
    ...{ store, policy, configured, clock, log, changed, timer: options.timer, chats: transports.homes },
    ...{ timezone: config.timezone, dailyBudgetUsd: config.dailyBudgetUsd },
    ...{ templates: factory.cycles, jobs: factory.schedules, diffOf: taskDiffs(config.dataDir) },
    notify: (chat, reply) => kev.notify(chat, reply),
  });
  for (const loop of [delivery, dispatcher, merges]) changed.on(() => loop.kick());
  // Whatever changed reaches the disk a moment later, even where nobody waits for a sync.
  changed.on(() => store.durability.soon());
  const board = boardLoop({
    ...{ config, store, kev, policy, log, schedules: factory.schedules, transports: transports.list },
    checks: () => import('./cli/doctor.js').then(({ runChecks }) => runChecks(config)),
  });
  changed.on(() => board.poke());

  // A pipeline step a crash cut short (a stage merged, the next one not yet queued) is caught up.
  kev.catchUpPipelines();

  const { done, stop } = await runUntilStopped({
    ...{ log, transports: transports.list, handler: (incoming, receipt) => kev.handle(incoming, receipt) },
    // Recorded but never handled (the process died mid-way) goes first, before anything new.
    replay: (platform) => {
      const transport = transports.list.find((t) => t.platform === platform);
      return kev.replayUnhandled(platform, transport?.voiceFromRef?.bind(transport));
    },
    loops: [
      board,
      // First to start after the transports poll (its first pass may catch up a missed slot), first to stop.
      scheduler,
      { start: () => dispatcher.start(), stop: () => dispatcher.stop(options.graceMs ?? 10_000) },
      merges,
      { start: () => delivery.kick(), stop: () => delivery.drain().then(() => delivery.stop()) },
    ],
    ...{ drain: () => delivery.drain(), close: () => store.close() },
  });
  return {
    config,
    store,
    kev,
    dispatcher,
    merges,
    log,
    ...(board.board ? { board: board.board } : {}),
    done,
    stop,
  };
}
