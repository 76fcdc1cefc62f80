// Run as a child by board-lazy.test.ts: starts the board with a module hook that reports every
// module the process loads, and prints (as JSON) which packages were loaded after the start and
// after the first request.

import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const { port1, port2 } = new MessageChannel();
const loaded: string[] = [];
port1.on('message', (url: string) => loaded.push(url));
port1.unref();
const hook = `export function initialize({ port }) { globalThis.port = port; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  globalThis.port.postMessage(result.url);
  return result;
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`, {
  data: { port: port2 },
  transferList: [port2],
});

const settle = () => new Promise((r) => setTimeout(r, 200)); // the hook's messages arrive async
const packages = () =>
  [...new Set(loaded.map((u) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1]).filter(Boolean))].sort();

const { mkdtempSync } = await import('node:fs');
const { tmpdir } = await import('node:os');
const { join } = await import('node:path');
const { openStore } = await import('../../src/db/index.js');
const { DEFAULT_SCHEDULES } = await import('../../src/kev/schedules/table.js');
const { startOfDay, startOfWeek } = await import('../../src/ports/clock.js');
const { DEFAULT_POLICY } = await import('../../src/router/policy.js');
const { startBoard } = await import('../../src/web/server.js');

const dir = mkdtempSync(join(tmpdir(), 'kev-board-lazy-'));
const store = openStore(join(dir, 'kev.db'));
const board = await startBoard({
  port: 0,
  store,
  decide: () => ({ ok: false, text: 'no' }),
  policy: DEFAULT_POLICY,
  schedules: DEFAULT_SCHEDULES,
  dailyBudgetUsd: 5,
  timezone: 'UTC',
  dayStart: (at) => startOfDay(at, 'UTC'),
  weekStart: (at) => startOfWeek(at, 'UTC'),
  dataDir: dir,
  doctor: async () => [],
  transports: () => [],
});
await settle();
const started = packages();
const first = await fetch(`${board.url}/`);
await first.text();
await settle();
const requested = packages();
await board.stop();
store.close();
console.log(JSON.stringify({ started, requested, status: first.status }));
