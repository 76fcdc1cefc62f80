// Everything the composition root reads before it builds anything: the environment (with ./.env),
// the typed config, the routing policy, the schedules and cycles, and the pipeline plan.

import { type Config, loadEnv, readConfig } from './config.js';
import { loadPipelinePlan, loadPolicy } from './policy-file.js';
import { loadFactorySettings } from './schedule-file.js';

export function loadSettings(cwd: string, env: NodeJS.ProcessEnv) {
  const rawEnv = loadEnv(cwd, env);
  const config: Config = readConfig(rawEnv, cwd);
  const policy = loadPolicy(config.configFile);
  return {
    rawEnv,
    config,
    policy,
    factory: loadFactorySettings(config.configFile),
    pipelinePlan: loadPipelinePlan(config.configFile, policy),
  };
}
