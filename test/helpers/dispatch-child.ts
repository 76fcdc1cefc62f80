// A child process running a dispatcher against a store file, so a test can kill it mid-attempt.

import { createExecutors, Dispatcher } from '../../src/agents/index.js';
import { readConfig } from '../../src/config/config.js';
import { openStore } from '../../src/db/index.js';
import { DEFAULT_POLICY } from '../../src/router/policy.js';
import { silentLogger } from '../../src/shared/log.js';

const [file = '', dataDir = ''] = process.argv.slice(2);
const config = readConfig(process.env);
const store = openStore(file);
const dispatcher = new Dispatcher({
  store,
  policy: DEFAULT_POLICY,
  configured: new Set(['cerebras', 'gemini']),
  executors: createExecutors(config),
  concurrency: 1,
  budget: { dailyUsd: 5, taskUsd: 1 },
  dataDir,
  log: silentLogger,
  dayStart: () => 0,
  owner: 'doomed',
  leaseMs: 1000,
  events: { review() {}, failed() {}, budgetStop() {} },
});
dispatcher.start();
