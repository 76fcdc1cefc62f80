// `npm run bench`: figures, never assertions. Each figure is shown beside a baseline measured in the
// same process (or on the same machine in the same run), as a ratio.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/db/index.js';
import { draftTask } from '../src/intents/draft.js';
import { RulesParser } from '../src/intents/rules.js';
import { Delivery } from '../src/kev/delivery.js';
import { Kev } from '../src/kev/kev.js';
import { type ChatTransport, UNPACED } from '../src/ports/chat.js';
import { DEFAULT_POLICY } from '../src/router/policy.js';
import { silentLogger } from '../src/shared/log.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist', 'src', 'cli', 'kev.js');

function row(name: string, value: string, baseline: string, ratio: number): void {
  console.log(
    `${name.padEnd(44)} ${value.padStart(14)}   baseline ${baseline.padStart(12)}   ×${ratio.toFixed(2)}`,
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Wall time and peak RSS of a command, median of `runs`. */
function measure(
  args: string[],
  input: string,
  env: NodeJS.ProcessEnv,
  runs = 7,
): { ms: number; mb: number } {
  const times: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], {
      input,
      env,
      encoding: 'utf8',
    });
    times.push(performance.now() - started);
    const kb = Number(result.stderr.trim().split('\n').at(-1));
    if (Number.isFinite(kb)) rss.push(kb / 1024);
  }
  return { ms: median(times), mb: median(rss) };
}

function startup(): void {
  const dataDir = mkdtempSync(join(tmpdir(), 'kev-bench-'));
  const env = { ...process.env, KEV_DATA_DIR: dataDir, KEV_LOG_LEVEL: 'silent' };
  execFileSync(process.execPath, [cli, 'route', 'warm up'], { env }); // first run migrates; not timed
  spawnSync(process.execPath, [cli, 'start'], { input: '/status\n', env });
  const bare = measure(
    [
      '--input-type=module',
      '-e',
      "await import('grammy'); const { Bot } = await import('grammy'); new Bot('1:x');",
    ],
    '',
    env,
  );
  const kev = measure([cli, 'start'], '/status\n', env);
  row(
    'start → answer /status → exit (console)',
    `${kev.ms.toFixed(0)} ms`,
    `${bare.ms.toFixed(0)} ms`,
    kev.ms / bare.ms,
  );
  row('peak RSS of that run', `${kev.mb.toFixed(0)} MB`, `${bare.mb.toFixed(0)} MB`, kev.mb / bare.mb);
  rmSync(dataDir, { recursive: true, force: true });
}

async function throughput(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kev-bench-'));
  const store = openStore(join(dir, 'kev.db'));
  const sink: ChatTransport = {
    platform: 'bench',
    capabilities: { edit: true, buttons: true },
    pacing: UNPACED,
    start: async () => {},
    stop: async () => {},
    send: async () => ({ externalId: 'x' }),
    edit: async () => {},
  };
  const delivery = new Delivery({ store, transports: [sink], log: silentLogger });
  const kev = new Kev({
    store,
    policy: DEFAULT_POLICY,
    parser: new RulesParser(),
    draft: (text) => draftTask(DEFAULT_POLICY, text),
    owners: {},
    configured: new Set(),
    timezone: 'UTC',
    budget: { dailyUsd: 5, taskUsd: 1 },
    maxMessageBytes: 1_000_000,
    log: silentLogger,
  });
  const n = 300;
  // Baseline: one durable (synchronous=FULL) insert per message, the floor any handler pays.
  const insert = store.db.$client.prepare("insert into settings(key, value, updated_at) values (?, '1', 0)");
  let started = performance.now();
  for (let i = 0; i < n; i++) insert.run(`bench-${i}`);
  const baseMs = performance.now() - started;

  started = performance.now();
  for (let i = 0; i < n; i++) {
    await kev.handle({
      platform: 'bench',
      chatId: 'c',
      userId: 'u',
      messageId: `m${i}`,
      kind: 'text',
      text: `research vector database number ${i}`,
    });
  }
  await delivery.drain();
  const kevMs = performance.now() - started;
  row(
    'messages → task + reply, delivered',
    `${((n / kevMs) * 1000).toFixed(0)} msg/s`,
    `${((n / baseMs) * 1000).toFixed(0)} ins/s`,
    kevMs / baseMs,
  );

  const parser = new RulesParser();
  const big = `summarise this log\n${'lorem ipsum dolor sit amet '.repeat(4000)}`;
  started = performance.now();
  for (let i = 0; i < 50; i++) await parser.parse(big, {});
  const parseMs = (performance.now() - started) / 50;
  started = performance.now();
  for (let i = 0; i < 50; i++) /summar/i.test(big.slice(0, 4000)) && big.length;
  const regexMs = (performance.now() - started) / 50;
  row(
    'offline rules on a 100 KB message',
    `${parseMs.toFixed(2)} ms`,
    `${regexMs.toFixed(3)} ms`,
    parseMs / Math.max(regexMs, 1e-6),
  );
  await delivery.stop();
  store.close();
  rmSync(dir, { recursive: true, force: true });
}

console.log(`Kev bench · node ${process.version} · ${new Date().toISOString()}`);
startup();
await throughput();
