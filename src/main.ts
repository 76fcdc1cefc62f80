// The composition root: reads config, opens the store, builds the transports, wires Kev and the
// delivery loop, and runs until a signal or (on the console) the end of input.

import type { ChatTransport } from './bot/port.js';
import { type Config, ConfigError, configuredProviders, loadEnv, readConfig } from './config.js';
import { openStore, type Store } from './db/index.js';
import { Delivery } from './kev/delivery.js';
import { Kev } from './kev/kev.js';
import { draftTask } from './kev/draft.js';
import { RulesParser } from './kev/rules.js';
import { createLogger, type Logger } from './log.js';
import { loadPolicy } from './policy-file.js';

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Install SIGINT/SIGTERM handlers (off in tests). */
  signals?: boolean;
}

export interface Running {
  config: Config;
  store: Store;
  kev: Kev;
  log: Logger;
  /** Resolves when Kev has stopped (end of console input, a signal, or stop()). */
  done: Promise<void>;
  stop(): Promise<void>;
}

export async function run(options: RunOptions = {}): Promise<Running> {
  const cwd = options.cwd ?? process.cwd();
  const config = readConfig(loadEnv(cwd, options.env ?? process.env), cwd);
  const consoleOnly = !config.telegram;
  // On the console the chat owns the terminal, so logs go to a file unless KEV_LOG_FILE says otherwise.
  const logFile = config.env.KEV_LOG_FILE === '-' ? undefined : (config.logFile ?? (consoleOnly ? `${config.dataDir}/kev.log` : undefined));
  const log = createLogger({ level: config.logLevel, file: logFile, secrets: config.secrets });
  const policy = loadPolicy(config.configFile);
  const store = openStore(config.dbFile);
  const recovered = store.tasks.recoverExpired();
  if (recovered.length) log.info({ tasks: recovered.map((t) => t.id) }, 'recovered tasks whose lease expired');

  const transports: ChatTransport[] = [];
  const owners: Record<string, ReadonlySet<string>> = {};
  let delivery: Delivery | undefined;
  if (config.telegram) {
    throw new ConfigError('TELEGRAM_BOT_TOKEN is set, but this build of Kev has no Telegram transport yet.');
  } else {
    const { ConsoleTransport } = await import('./bot/console.js');
    transports.push(
      new ConsoleTransport({
        input: options.input ?? process.stdin,
        output: options.output ?? process.stdout,
        afterEach: () => delivery?.drain() ?? Promise.resolve(),
      }),
    );
  }

  const kev = new Kev({
    store,
    policy,
    parser: new RulesParser(policy.routes),
    draft: (text) => draftTask(policy, text),
    owners,
    configured: configuredProviders(config),
    timezone: config.timezone,
    budget: { dailyUsd: config.dailyBudgetUsd, taskUsd: config.taskBudgetUsd },
    maxMessageBytes: config.maxMessageBytes,
    log,
    onOutbox: () => delivery?.kick(),
  });
  delivery = new Delivery({ store, transports, log });
  const deliveryLoop = delivery;

  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await Promise.all(transports.map((t) => t.stop().catch((err) => log.warn({ err }, 'transport stop failed'))));
      await deliveryLoop.stop();
      store.close();
      log.info('Kev stopped');
      resolveDone();
    })();
    return stopping;
  };

  for (const transport of transports) await transport.start((incoming) => kev.handle(incoming));
  deliveryLoop.kick();
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
  return { config, store, kev, log, done, stop };
}
