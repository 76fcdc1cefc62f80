// `kev doctor`: checks each configured piece and says plainly what works and what does not.
// Exits non-zero when something that is configured is broken; unconfigured pieces are just listed.

import { existsSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Config, configuredProviders, loadEnv, readConfig } from '../config/config.js';
import { loadPipelinePlan, loadPolicy } from '../config/policy-file.js';
import { healthProblems } from '../db/health.js';
import { migrationStatus, openStore } from '../db/index.js';
import { startOfDay } from '../ports/clock.js';
import { formatUsd } from '../router/catalogue.js';
import { usdToMicros } from '../router/money.js';
import type { Policy } from '../router/policy.js';
import { PROVIDERS } from '../router/providers.js';
import type { Command } from './command.js';
import { queueChecks } from './doctor-queue.js';

export interface Check {
  name: string;
  ok: boolean;
  warn?: boolean;
  detail: string;
}

export async function doctor(out: NodeJS.WritableStream = process.stdout): Promise<number> {
  let config: Config;
  try {
    config = readConfig(loadEnv());
  } catch (error) {
    // The same check that stops `kev start`: report it, as one sentence, and stop here.
    out.write(`FAIL config     ${(error as Error).message}\n\n1 problem(s) found.\n`);
    return 1;
  }
  const checks = await runChecks(config);
  for (const check of checks)
    out.write(
      `${check.ok ? (check.warn ? 'warn' : 'ok  ') : 'FAIL'} ${check.name.padEnd(10)} ${check.detail}\n`,
    );
  const failed = checks.filter((c) => !c.ok).length;
  const warned = checks.filter((c) => c.ok && c.warn).length;
  out.write(
    failed
      ? `\n${failed} problem(s) found.\n`
      : warned
        ? `\nNo problems; ${warned} warning(s) above.\n`
        : '\nAll good.\n',
  );
  return failed ? 1 : 0;
}

/** Every check of `kev doctor`, as data (the board's Health page shows the same list). */
export async function runChecks(config: Config): Promise<Check[]> {
  const checks: Check[] = [];
  let policy: Policy | undefined;
  checks.push({
    name: 'config',
    ok: true,
    detail: `data in ${config.dataDir}, time zone ${config.timezone}`,
  });
  try {
    policy = loadPolicy(config.configFile);
    const plan = loadPipelinePlan(config.configFile, policy);
    checks.push({
      name: 'routing',
      ok: true,
      detail: `${Object.keys(policy.catalogue).length} models, ${policy.roster.length} agents, ${plan.stages.length} pipeline stages`,
    });
  } catch (error) {
    checks.push({ name: 'routing', ok: false, detail: (error as Error).message });
  }
  try {
    const store = openStore(config.dbFile);
    const status = migrationStatus(store.db);
    const spend = store.ledger.spendSince(startOfDay(Date.now(), config.timezone));
    checks.push({
      name: 'database',
      ok: status.applied === status.available,
      detail: `${config.dbFile}, migrations ${status.applied}/${status.available}, ${store.tasks.list({ limit: 100000 }).length} tasks`,
    });
    checks.push({
      name: 'spend',
      ok: true,
      detail: `today ${formatUsd(spend)} of ${formatUsd(usdToMicros(config.dailyBudgetUsd))}; per task cap ${formatUsd(usdToMicros(config.taskBudgetUsd))}`,
    });
    if (config.whatsapp) {
      // The session's state as the transport last recorded it; Baileys is not loaded for this.
      const { describeState, readState } = await import('../bot/whatsapp-state.js');
      checks.push({ name: 'whatsapp', ...describeState(readState(store.whatsapp)) });
    }
    if (policy) checks.push(...queueChecks(store, policy, configuredProviders(config)));
    // What the running Kev found failing (delivery, models), as it last reported it.
    for (const p of healthProblems(store))
      checks.push({
        name: p.component,
        ok: false,
        detail: `degraded since ${new Date(p.since).toISOString()}: ${p.problem}`,
      });
    store.close();
  } catch (error) {
    checks.push({ name: 'database', ok: false, detail: (error as Error).message });
  }
  const phones = [config.telegram ? 'Telegram' : '', config.whatsapp ? 'WhatsApp' : ''].filter(Boolean);
  checks.push(diskCheck(config.dataDir));
  checks.push({
    name: 'transport',
    ok: true,
    detail: phones.length ? phones.join(', ') : 'console (no TELEGRAM_BOT_TOKEN or KEV_WHATSAPP set)',
  });
  if (config.whatsapp) {
    checks.push({
      name: 'owners',
      ok: true,
      detail: `only WhatsApp +${config.whatsapp.owner} may talk to Kev${config.transcribe ? '' : '; voice notes off (KEV_TRANSCRIBE_BASE_URL unset)'}`,
    });
  }
  if (config.telegram) {
    const { checkTelegram } = await import('../bot/telegram-check.js');
    const { token, apiRoot, ownerIds, webhook } = config.telegram;
    for (const check of await checkTelegram({ token, apiRoot, webhookUrl: webhook?.url })) {
      checks.push({ name: 'telegram', ...check });
    }
    checks.push({
      name: 'owners',
      ok: ownerIds.length > 0,
      detail: ownerIds.length
        ? `only Telegram user id(s) ${ownerIds.join(', ')} may talk to Kev`
        : 'KEV_OWNER_TELEGRAM_IDS is not set (message @userinfobot on Telegram to learn your id)',
    });
  }
  const providers = configuredProviders(config);
  checks.push({
    name: 'providers',
    ok: true,
    detail: providers.size
      ? [...providers].join(', ')
      : 'none: messages are read by the offline rules and tasks wait',
  });
  for (const row of PROVIDERS) {
    if (row.kind !== 'cli') continue;
    const set = config.env[row.binVar];
    const found = config.providers[row.name]?.bin;
    checks.push({
      name: row.bin,
      ok: set ? found !== undefined : true,
      detail: found
        ? found
        : set
          ? `${row.binVar}=${set} is not an executable file`
          : `not found on PATH (optional)`,
    });
  }
  return checks;
}

/** Below this much free space the db and outbox may start failing writes (ENOSPC). */
const LOW_DISK_BYTES = 64 * 1024 * 1024;

function diskCheck(dataDir: string): Check {
  try {
    // The data dir may not exist yet: the file system it will be made on is what counts.
    let dir = dataDir;
    while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
    const fs = statfsSync(dir);
    const free = fs.bavail * fs.bsize;
    return {
      name: 'disk',
      ok: free >= LOW_DISK_BYTES,
      detail: `${(free / 1024 / 1024).toFixed(0)} MB free in ${dataDir}${free < LOW_DISK_BYTES ? ' (low: writes may fail)' : ''}`,
    };
  } catch (error) {
    return { name: 'disk', ok: false, detail: (error as Error).message };
  }
}

/** `kev doctor`. */
export const doctorCommand: Command = () => doctor();
