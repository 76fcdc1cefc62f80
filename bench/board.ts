// `npm run bench:board`: figures, never assertions. Page render times of the board on a store of
// 10,000 tasks (in process, and over HTTP from a running Kev), and the RSS a running Kev gains
// with the board on and browsed, against the same Kev with the board off.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { BoardTokens, openStore } from '../src/db/index.js';
import { DEFAULT_SCHEDULES } from '../src/kev/schedules/table.js';
import { startOfDay, startOfWeek } from '../src/ports/clock.js';
import { DEFAULT_POLICY } from '../src/router/policy.js';
import { createBoardApp } from '../src/web/app.js';
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

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

let starts = 0;

async function startKev(dir: string, board: boolean): Promise<ChildProcess> {
  const log = join(dir, `kev-${++starts}.log`);
  const env = {
    ...process.env,
    KEV_DATA_DIR: dir,
    KEV_LOG_FILE: log,
    KEV_LOG_LEVEL: 'info',
    ...(board ? { KEV_BOARD_PORT: '8799' } : {}),
  };
  const child = spawn(process.execPath, [cli, 'start'], { env, stdio: ['pipe', 'ignore', 'inherit'] });
  for (let i = 0; i < 200; i++) {
    await new Promise((r) => setTimeout(r, 50));
    try {
      if (readFileSync(log, 'utf8').includes('Kev started')) break;
    } catch {
      // not written yet
    }
  }
  await new Promise((r) => setTimeout(r, 1500)); // let start-up garbage settle
  return child;
}

async function stopKev(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.stdin?.end();
  child.kill('SIGTERM');
  await exited;
}

async function overHttp(dir: string, file: string): Promise<void> {
  const off = await startKev(dir, false);
  const offMb = rssMb(off.pid as number);
  await stopKev(off);
  const on = await startKev(dir, true);
  const pid = on.pid as number;
  const idleMb = rssMb(pid);
  const store = openStore(file);
  const token = new BoardTokens(store.db).issue();
  store.close();
  const base = 'http://127.0.0.1:8799';
  const login = await fetch(`${base}/login?token=${token}`, { redirect: 'manual' });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  console.log(`\nOver HTTP from a running Kev (fetch on 127.0.0.1), ${TASKS} tasks:`);
  for (const path of PAGES) {
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      const started = performance.now();
      const res = await fetch(`${base}${path}`, { headers: { cookie } });
      await res.text();
      if (i >= 5) times.push(performance.now() - started);
    }
    line(path, times);
  }
  const burstMb = rssMb(pid);
  await stopKev(on);
  // A fresh Kev browsed at a person's pace: one page every 100 ms for 20 s, a live page open.
  const paced = await startKev(dir, true);
  const pacedPid = paced.pid as number;
  const pacedIdle = rssMb(pacedPid);
  const store2 = openStore(file);
  const token2 = new BoardTokens(store2.db).issue();
  store2.close();
  const login2 = await fetch(`${base}/login?token=${token2}`, { redirect: 'manual' });
  const cookie2 = (login2.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const events = new AbortController();
  const sse = await fetch(`${base}/events`, { headers: { cookie: cookie2 }, signal: events.signal });
  void sse.body?.pipeTo(new WritableStream()).catch(() => undefined);
  for (let i = 0; i < 200; i++) {
    await (await fetch(`${base}${PAGES[i % PAGES.length]}`, { headers: { cookie: cookie2 } })).text();
    await new Promise((r) => setTimeout(r, 100));
  }
  const pacedMb = rssMb(pacedPid);
  events.abort();
  await stopKev(paced);
  console.log('\nRSS of `kev start` (console) over the 10,000-task store:');
  console.log(`  board off, idle                          ${offMb.toFixed(1)} MB`);
  console.log(
    `  board on, before any request             ${idleMb.toFixed(1)} MB   (+${(idleMb - offMb).toFixed(1)})`,
  );
  console.log(
    `  board on, after a burst of ${PAGES.length * 40} requests   ${burstMb.toFixed(1)} MB   (+${(burstMb - offMb).toFixed(1)})`,
  );
  console.log(
    `  board on, fresh start                    ${pacedIdle.toFixed(1)} MB   (+${(pacedIdle - offMb).toFixed(1)})`,
  );
  console.log(
    `  ... after 200 pages at 10/s, SSE open    ${pacedMb.toFixed(1)} MB   (+${(pacedMb - offMb).toFixed(1)})`,
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kev-board-bench-'));
  const file = join(dir, 'kev.db');
  const store = openStore(file);
  const started = performance.now();
  seedBoard(store, { tasks: TASKS, now: Date.now() });
  store.close();
  console.log(`seeded ${TASKS} tasks in ${(performance.now() - started).toFixed(0)} ms (${file})`);
  await inProcess(file, dir);
  await overHttp(dir, file);
  rmSync(dir, { recursive: true, force: true });
}

await main();
