// The composition root: reads config, opens the store, builds the transports, wires Kev and the
// delivery loop, and runs until a signal or (on the console) the end of input.

import { buildTaskTypes, createExecutors, Dispatcher, MergeService } from './agents/index.js';
import { type Config, configuredProviders, loadEnv, readConfig } from './config/config.js';
import { loadPipelinePlan, loadPolicy } from './config/policy-file.js';
import { loadFactorySettings } from './config/schedule-file.js';
import { openStore, type Store } from './db/index.js';
import { chooseParser, draftTask } from './intents/index.js';
import { mergedNotice, notMergedNotice } from './kev/build-notices.js';
import { Delivery } from './kev/delivery.js';
import { Kev } from './kev/kev.js';
import { budgetNotice, failureNotice, reviewRequest } from './kev/notices.js';
import { followCurrentStage, followPipeline, stageLines } from './kev/pipeline/index.js';
import type { Scheduler, Timer } from './kev/schedules/index.js';
import type { ChatTransport } from './ports/chat.js';
import { startOfDay } from './ports/clock.js';
import { createLogger, type Logger } from './shared/log.js';

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Install SIGINT/SIGTERM handlers (off in tests). */
  signals?: boolean;
  /** How long running attempts may finish at shutdown before they are aborted and released. */
  graceMs?: number;
  /** The scheduler's (and Kev's) clock and timer; tests inject fakes. */
  clock?: () => number;
  timer?: Timer;
}

export interface Running {
  config: Config;
  store: Store;
  kev: Kev;
  dispatcher: Dispatcher;
  /** Merges approved build branches and removes the worktrees of ended tasks. */
  merges: MergeService;
  log: Logger;
  /** Resolves when Kev has stopped (end of console input, a signal, or stop()). */
  done: Promise<void>;
  stop(): Promise<void>;
}

export async function run(options: RunOptions = {}): Promise<Running> {
  const cwd = options.cwd ?? process.cwd();
  const rawEnv = loadEnv(cwd, options.env ?? process.env);
  const config = readConfig(rawEnv, cwd);
  const consoleOnly = !config.telegram && !config.whatsapp;
  // On the console the chat owns the terminal, so logs go to a file unless KEV_LOG_FILE says otherwise.
  const logFile =
    config.env.KEV_LOG_FILE === '-'
      ? undefined
      : (config.logFile ?? (consoleOnly ? `${config.dataDir}/kev.log` : undefined));
  const log = createLogger({ level: config.logLevel, file: logFile, secrets: config.secrets });
  const policy = loadPolicy(config.configFile);
  const factory = loadFactorySettings(config.configFile);
  const pipelinePlan = loadPipelinePlan(config.configFile, policy);
  const store = openStore(config.dbFile, Date.now, { log });
  // Before anything can start a call (replay below may parse with a model): runs left "running"
  // belong to the process that died, and are closed uncharged now, never later over a live call.
  const interrupted = store.ledger.closeInterrupted();
  if (interrupted) log.info({ runs: interrupted }, 'closed model calls interrupted by the last stop');
  const recovered = store.tasks.recoverExpired();
  if (recovered.length)
    log.info({ tasks: recovered.map((t) => t.id) }, 'recovered tasks whose lease expired');

  const transports: ChatTransport[] = [];
  const transcribe = config.transcribe
    ? (await import('./agents/transcriber.js')).createTranscriber({ ...config.transcribe, store, log })
    : undefined;
  const owners: Record<string, ReadonlySet<string>> = {};
  let delivery: Delivery | undefined;
  if (config.telegram) {
    // Loaded only when configured, so a console-only start never loads grammY.
    const [{ TelegramTransport }, { COMMANDS }] = await Promise.all([
      import('./bot/telegram.js'),
      import('./kev/commands.js'),
    ]);
    const { token, apiRoot, ownerIds, webhook } = config.telegram;
    owners.telegram = new Set(ownerIds);
    transports.push(
      new TelegramTransport({
        token,
        apiRoot,
        ownerChats: ownerIds,
        commands: COMMANDS.map((c) => ({ command: c.name, description: c.description })),
        webhook,
        log,
        transcribe,
      }),
    );
  }
  // The owner's chat per chat transport: where the brief, the dispatch nudges and news that did
  // not come from a chat of its own go.
  const ownerChats: Record<string, string> = {
    console: 'local',
    ...(config.telegram?.ownerIds[0] ? { telegram: config.telegram.ownerIds[0] } : {}),
  };
  if (config.whatsapp) {
    // Baileys is loaded only when KEV_WHATSAPP=1.
    const { WhatsAppTransport } = await import('./bot/whatsapp.js');
    owners.whatsapp = new Set([config.whatsapp.owner]);
    const whatsapp = new WhatsAppTransport({
      ownerNumber: config.whatsapp.owner,
      rows: store.whatsapp,
      log,
      waWebSocketUrl: config.whatsapp.wsUrl,
      minIntervalMs: config.whatsapp.minIntervalMs,
      transcribe,
      // The WhatsApp session stopped for good: the owner hears it on the other transports.
      onAlert: (text) => {
        for (const t of transports)
          if (t.platform !== 'whatsapp' && t.platform !== 'console' && ownerChats[t.platform])
            kev.notify({ platform: t.platform, chatId: ownerChats[t.platform] ?? '' }, { text });
      },
    });
    ownerChats.whatsapp = whatsapp.ownerChat;
    transports.push(whatsapp);
  }
  if (!config.telegram && !config.whatsapp) {
    const { ConsoleTransport } = await import('./bot/console.js');
    transports.push(
      new ConsoleTransport({
        input: options.input ?? process.stdin,
        output: options.output ?? process.stdout,
        afterEach: () => delivery?.drain() ?? Promise.resolve(),
      }),
    );
  }

  const configured = configuredProviders(config);
  let dispatcher: Dispatcher | undefined;
  let merges: MergeService | undefined;
  const kev = new Kev({
    store,
    policy,
    parser: chooseParser(config.env, policy, {
      log,
      meter: {
        store,
        dailyBudgetUsd: config.dailyBudgetUsd,
        dayStart: (at) => startOfDay(at, config.timezone),
      },
    }).parser,
    draft: (text) => draftTask(policy, text),
    owners,
    configured,
    timezone: config.timezone,
    budget: {
      dailyUsd: config.dailyBudgetUsd,
      taskUsd: config.taskBudgetUsd,
      confirmAboveUsd: config.confirmAboveUsd,
    },
    maxMessageBytes: config.maxMessageBytes,
    log,
    schedules: factory.schedules,
    ...(options.clock ? { clock: options.clock } : {}),
    pipelinePlan,
    onOutbox: () => {
      delivery?.kick();
      dispatcher?.kick();
      merges?.kick();
    },
  });
  delivery = new Delivery({ store, transports, log });
  const deliveryLoop = delivery;
  const primary = transports[0];
  // A task's news goes to the chat it came from when that transport is running, else to the owner's main chat.
  const chatOf = (task: { platform: string | null; chatId: string | null }) =>
    task.platform && task.chatId && transports.some((t) => t.platform === task.platform)
      ? { platform: task.platform, chatId: task.chatId }
      : { platform: primary?.platform ?? 'console', chatId: ownerChat };
  const ownerChat = ownerChats[primary?.platform ?? ''] ?? 'local';
  dispatcher = new Dispatcher({
    store,
    policy,
    configured,
    executors: createExecutors(config.env, {
      store,
      dataDir: config.dataDir,
      parentEnv: rawEnv,
      catalogue: policy.catalogue,
      log,
    }),
    concurrency: config.concurrency,
    build: { types: buildTaskTypes(policy), concurrency: config.buildConcurrency },
    budget: { dailyUsd: config.dailyBudgetUsd, taskUsd: config.taskBudgetUsd },
    dataDir: config.dataDir,
    log,
    dayStart: (at) => startOfDay(at, config.timezone),
    events: {
      review: (task, details) =>
        kev.notify(chatOf(task), reviewRequest(task, [...stageLines(store, task.id), ...details])),
      failed: (task, reason, cost) => {
        kev.notify(chatOf(task), failureNotice(task, reason, cost));
        kev.apply(chatOf(task), () => followPipeline(store, task.id));
      },
      budgetStop: (task, message) => kev.notify(chatOf(task), budgetNotice(task, message)),
    },
  });
  const workers = dispatcher;
  merges = new MergeService({
    store,
    dataDir: config.dataDir,
    log,
    busy: (taskId) => workers.isRunning(taskId),
    events: {
      merged: (task, merge) => {
        kev.notify(chatOf(task), mergedNotice(task, merge));
        // An approved repository stage of a pipeline is done once merged: the next stage starts.
        kev.apply(chatOf(task), () => followPipeline(store, task.id));
      },
      notMerged: (task, problem) => kev.notify(chatOf(task), notMergedNotice(task, problem)),
    },
  });
  const merger = merges;

  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  let stopping: Promise<void> | undefined;
  let scheduler: Scheduler | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await scheduler?.stop();
      await Promise.all(
        transports.map((t) => t.stop().catch((err) => log.warn({ err }, 'transport stop failed'))),
      );
      await workers.stop(options.graceMs ?? 10_000);
      await merger.stop();
      await deliveryLoop.drain();
      await deliveryLoop.stop();
      store.close();
      log.info('Kev stopped');
      resolveDone();
    })();
    return stopping;
  };

  // A pipeline step a crash cut short (a stage merged, the next one not yet queued) is caught up.
  for (const pipeline of store.pipelines.list(['running', 'stopped']))
    kev.apply(chatOf(pipeline), () => followCurrentStage(store, pipeline.id));
  // Updates recorded but never handled (the process died mid-way) go first, before anything new.
  for (const t of transports) if (t.platform !== 'console') await kev.replayUnhandled(t.platform);
  for (const transport of transports) await transport.start((incoming) => kev.handle(incoming));
  deliveryLoop.kick();
  workers.start();
  merger.start();
  // After the first poll is under way: the scheduler's first pass may catch up a missed slot.
  const schedules = await import('./kev/schedules/index.js');
  scheduler = new schedules.Scheduler({
    store,
    jobs: factory.schedules,
    timezone: config.timezone,
    log,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.timer ? { timer: options.timer } : {}),
    run: schedules.jobRunner({
      store,
      policy,
      timezone: config.timezone,
      configured,
      dailyBudgetUsd: config.dailyBudgetUsd,
      clock: options.clock ?? Date.now,
      chats: transports.flatMap((t) => {
        const chatId = ownerChats[t.platform];
        return chatId ? [{ platform: t.platform, chatId }] : [];
      }),
      notify: (chat, reply) => kev.notify(chat, reply),
      kick: () => {
        deliveryLoop.kick();
        workers.kick();
      },
      templates: factory.cycles,
      jobs: factory.schedules,
      // git runs in src/agents, loaded only when a security scan reads a branch.
      diffOf: async (task) => {
        if (!task.project || !task.branch) return undefined;
        const { branchDiff } = await import('./agents/branch-diff.js');
        return branchDiff(config.dataDir, task.project, task.branch);
      },
    }),
  });
  await scheduler.start();
  log.info({ transports: transports.map((t) => t.platform) }, 'Kev started');

  for (const transport of transports) {
    // The console's input ended: deliver what is left, then stop.
    void transport.closed?.then(async () => {
      await deliveryLoop.drain();
      await stop();
    });
  }
  if (options.signals) {
    const onSignal = (signal: string) => {
      log.info({ signal }, 'stopping');
      void stop();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  return { config, store, kev, dispatcher: workers, merges: merger, log, done, stop };
}
