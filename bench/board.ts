// `npm run bench:board`: figures, never assertions. Page render times of the board on a store of
// 10,000 tasks (in process, and over HTTP from a running Kev), and the RSS a running Kev gains
// with the board on and browsed, against the same Kev with the board off.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BoardTokens, openStore } from '../src/db/index.js';
import { DEFAULT_SCHEDULES } from '../src/kev/schedules/table.js';
import { startOfDay, startOfWeek } from '../src/ports/clock.js';
import { DEFAULT_POLICY } from '../src/router/policy.js';
import { createBoardApp } from '../src/web/app.js';
import type { MemorySample } from './board-probe.js';
import { seedBoard } from './board-seed.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist', 'src', 'cli', 'kev.js');
const TASKS = Number(process.env.BENCH_TASKS ?? 10_000);
const PAGES = process.env.BENCH_PAGES?.split(',') ?? [
  '/',
  '/?page=150',
  '/?state=done&agent=Rex',
  '/?q=vector',
  '/task/5000',
  '/spend',
  '/agents',
  '/health',
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0;
}

function line(name: string, values: number[]): void {
  console.log(
    `${name.padEnd(36)} median ${median(values).toFixed(2).padStart(7)} ms   p95 ${p95(values).toFixed(2).padStart(7)} ms`,
  );
}

async function inProcess(file: string, dir: string): Promise<void> {
  const store = openStore(file);
  const host = '127.0.0.1:1';
  const { app, live } = createBoardApp({
    store,
    decide: () => ({ ok: false, text: 'bench' }),
    policy: DEFAULT_POLICY,
    schedules: DEFAULT_SCHEDULES,
    dailyBudgetUsd: 5,
    timezone: 'UTC',
    dayStart: (at) => startOfDay(at, 'UTC'),
    weekStart: (at) => startOfWeek(at, 'UTC'),
    dataDir: dir,
    doctor: async () => [],
    transports: () => [],
    hosts: new Set([host]),
    origins: new Set([`http://${host}`]),
  });
  const token = new BoardTokens(store.db).issue();
  const login = await app.request(`http://${host}/login?token=${token}`, { headers: { host } });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  console.log(`\nIn process (app.request, no socket), ${TASKS} tasks:`);
  for (const path of PAGES) {
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      const started = performance.now();
      const res = await app.request(`http://${host}${path}`, { headers: { host, cookie } });
      await res.text();
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
      if (i >= 5) times.push(performance.now() - started); // the first few warm the JIT and caches
    }
    line(path, times);
  }
  live.stop();
  store.close();
}

interface Variant {
  name: string;
  board: boolean;
  /** Node flags for the child: the start script's, or BENCH_NODE_FLAGS to compare. */
  flags: string[];
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Requests of every page in the burst, back to back. */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 50);
/** Pages browsed at a person's pace (one every 100 ms, a live page open). */
const PACED = Number(process.env.BENCH_PACED ?? 200);
/** How long a fresh Kev is left alone before the idle figure. */
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 2000);
/** Kev runs as `npm start` runs it: the node flags of the package's start script. */
const START_FLAGS = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }
).scripts.start
  .split(/\s+/)
  .filter((word) => word.startsWith('--'));
const EXTRA = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
const VARIANTS: Variant[] = [
  { name: 'off', board: false, flags: START_FLAGS },
  { name: 'on', board: true, flags: START_FLAGS },
  ...(EXTRA.length
    ? [
        { name: `off ${EXTRA.join(' ')}`, board: false, flags: EXTRA },
        { name: `on ${EXTRA.join(' ')}`, board: true, flags: EXTRA },
      ]
    : []),
];
const PHASES = ['idle', 'burst', 'paced'] as const;
type Phase = (typeof PHASES)[number];

interface Kev {
  child: ChildProcess;
  url: string | undefined;
  memory(gc: boolean): Promise<MemorySample>;
}

let starts = 0;

async function startKev(dir: string, variant: Variant): Promise<Kev> {
  const log = join(dir, `kev-${++starts}.log`);
  const env = {
    ...process.env,
    KEV_DATA_DIR: dir,
    KEV_LOG_FILE: log,
    KEV_LOG_LEVEL: 'info',
    ...(variant.board ? { KEV_BOARD_PORT: '0' } : {}),
  };
  const probe = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), 'board-probe.js')).href;
  const child = spawn(process.execPath, ['--expose-gc', ...variant.flags, '--import', probe, cli, 'start'], {
    env,
    stdio: ['pipe', 'ignore', 'inherit', 'ipc'],
  });
  let url: string | undefined;
  for (let i = 0; i < 200 && !url; i++) {
    await new Promise((r) => setTimeout(r, 50));
    let text = '';
    try {
      text = readFileSync(log, 'utf8');
    } catch {
      continue; // not written yet
    }
    if (!text.includes('Kev started')) continue;
    if (!variant.board) break;
    url = /"url":"(http:[^"]+)"/.exec(text)?.[1];
  }
  await sleep(SETTLE_MS); // let start-up garbage settle
  const memory = (gc: boolean) =>
    new Promise<MemorySample>((resolve) => {
      child.once('message', (m) => resolve((m as { memory: MemorySample }).memory));
      child.send({ memory: { gc } });
    });
  return { child, url, memory };
}

async function stopKev(kev: Kev): Promise<void> {
  const exited = new Promise((r) => kev.child.once('exit', r));
  kev.child.disconnect();
  kev.child.stdin?.end();
  kev.child.kill('SIGTERM');
  await exited;
}

async function login(file: string, url: string): Promise<string> {
  const store = openStore(file);
  const token = new BoardTokens(store.db).issue();
  store.close();
  const res = await fetch(`${url}/login?token=${token}`, { redirect: 'manual' });
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

interface Sample {
  /** RSS as the OS sees it, no GC forced. */
  rss: number;
  /** After a forced full GC: RSS and V8's heap, young generation. */
  gc: MemorySample;
}

interface Run {
  round: number;
  variant: Variant;
  phases: Record<Phase, Sample>;
  peak: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One Kev from start to stop: idle, a burst of every page, then paced browsing with SSE open. */
async function measure(
  dir: string,
  file: string,
  variant: Variant,
  round: number,
  times: Map<string, number[]>,
): Promise<Run> {
  const kev = await startKev(dir, variant);
  const take = async (): Promise<Sample> => {
    const rss = (await kev.memory(false)).rss;
    return { rss, gc: await kev.memory(true) };
  };
  const phases = {} as Record<Phase, Sample>;
  phases.idle = await take();
  if (kev.url) {
    const cookie = await login(file, kev.url);
    for (let i = 0; i < REQUESTS; i++) {
      for (const path of PAGES) {
        const started = performance.now();
        const res = await fetch(`${kev.url}${path}`, { headers: { cookie } });
        await res.text();
        if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
        if (i >= 3) {
          const key = `${variant.name}|${path}`;
          times.set(key, [...(times.get(key) ?? []), performance.now() - started]);
        }
      }
    }
    phases.burst = await take();
    const events = new AbortController();
    const sse = await fetch(`${kev.url}/events`, { headers: { cookie }, signal: events.signal });
    void sse.body?.pipeTo(new WritableStream()).catch(() => undefined);
    for (let i = 0; i < PACED; i++) {
      await (await fetch(`${kev.url}${PAGES[i % PAGES.length]}`, { headers: { cookie } })).text();
      await sleep(100);
    }
    phases.paced = await take();
    events.abort();
  } else {
    // The same wall time without a board, so timers and start-up leftovers count on both sides.
    await sleep(REQUESTS * PAGES.length * 8);
    phases.burst = await take();
    await sleep(PACED * 105);
    phases.paced = await take();
  }
  const peak = (await kev.memory(false)).hwm;
  await stopKev(kev);
  return { round, variant, phases, peak };
}

const mb = (n: number) => n.toFixed(1).padStart(6);
const delta = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(1)}`.padStart(6);

async function overHttp(dir: string, file: string): Promise<void> {
  const times = new Map<string, number[]>();
  const runs: Run[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    // Alternate the order so a drift of the machine does not always favour one side.
    const order = round % 2 ? VARIANTS : [...VARIANTS].reverse();
    for (const variant of order) runs.push(await measure(dir, file, variant, round, times));
  }
  const on = VARIANTS.filter((v) => v.board);
  console.log(
    `\nOver HTTP from a running Kev (fetch on 127.0.0.1), ${TASKS} tasks, ${ROUNDS} × ${REQUESTS - 3} timed requests of each page:`,
  );
  for (const variant of on) {
    if (on.length > 1) console.log(`  ${variant.name}:`);
    for (const path of PAGES) line(path, times.get(`${variant.name}|${path}`) ?? []);
  }
  console.log(
    `\nRSS of \`kev start\` (console) over the ${TASKS}-task store, MB; "gc" after a forced full GC, "young" V8's young generation.`,
  );
  console.log(
    `  burst: ${REQUESTS} requests of each of ${PAGES.length} pages back to back; paced: then ${PACED} pages at 10/s with the live stream open.`,
  );
  console.log(
    '  round variant                    idle    gc young |  burst    gc young |  paced    gc young |  peak  heap total   ext  anon  file',
  );
  for (const r of runs) {
    const p = r.phases;
    console.log(
      `  ${String(r.round).padStart(5)} ${r.variant.name.padEnd(24)} ${mb(p.idle.rss)}${mb(p.idle.gc.rss)}${mb(p.idle.gc.newSpace)} | ${mb(p.burst.rss)}${mb(p.burst.gc.rss)}${mb(p.burst.gc.newSpace)} | ${mb(p.paced.rss)}${mb(p.paced.gc.rss)}${mb(p.paced.gc.newSpace)} | ${mb(r.peak)}${mb(p.paced.gc.heapUsed)}${mb(p.paced.gc.heapTotal)}${mb(p.paced.gc.external)}${mb(p.paced.gc.anon)}${mb(p.paced.gc.file)}`,
    );
  }
  console.log('\n  Board on minus board off, same round (median of the rounds):');
  for (const variant of on) {
    const off = VARIANTS.find((v) => !v.board && v.flags.join() === variant.flags.join()) as Variant;
    const diffs = (pick: (r: Run) => number) =>
      median(
        runs
          .filter((r) => r.variant === variant)
          .map((r) => pick(r) - pick(runs.find((o) => o.variant === off && o.round === r.round) as Run)),
      );
    const cols = PHASES.map(
      (phase) =>
        `${phase} ${delta(diffs((r) => r.phases[phase].rss))} (gc ${delta(diffs((r) => r.phases[phase].gc.rss))})`,
    );
    console.log(
      `  ${variant.name.padEnd(24)} ${cols.join('   ')}   peak ${delta(diffs((r) => r.peak))}   heap ${delta(diffs((r) => r.phases.paced.gc.heapUsed))}   total ${delta(diffs((r) => r.phases.paced.gc.heapTotal))}   ext ${delta(diffs((r) => r.phases.paced.gc.external))}   anon ${delta(diffs((r) => r.phases.paced.gc.anon))}   file ${delta(diffs((r) => r.phases.paced.gc.file))}`,
    );
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kev-board-bench-'));
  const file = join(dir, 'kev.db');
  const store = openStore(file);
  const started = performance.now();
  seedBoard(store, { tasks: TASKS, now: Date.now() });
  store.close();
  console.log(`seeded ${TASKS} tasks in ${(performance.now() - started).toFixed(0)} ms (${file})`);
  if (process.env.BENCH_ONLY !== 'http') await inProcess(file, dir);
  await overHttp(dir, file);
  rmSync(dir, { recursive: true, force: true });
}

await main();
