// A child process with its own connection and its own Scheduler over the same database file. It
// walks a clock through `minutes` slots of a per-minute job and reports the slots it ran itself.

import { openStore } from '../../src/db/index.js';
import { Scheduler } from '../../src/kev/schedules/scheduler.js';
import { resolveSchedules } from '../../src/kev/schedules/table.js';
import { silentLogger } from '../../src/shared/log.js';

const [file = '', startIso = '', minutesArg = '10', name = 'child'] = process.argv.slice(2);
const store = openStore(file);
let now = Date.parse(startIso);
const ran: string[] = [];
const jobs = resolveSchedules({ brief: { cron: '* * * * *' } }).map((j) =>
  j.name === 'brief' ? j : { ...j, enabled: false },
);
const scheduler = new Scheduler({
  store,
  jobs,
  timezone: 'UTC',
  log: silentLogger,
  clock: () => now,
  timer: { set: () => undefined, clear: () => {} },
  runner: name,
  run: async (_job, slot) => {
    ran.push(slot.key);
    return { outcome: 'ok' };
  },
});
await new Promise((resolve) => {
  process.once('message', resolve);
  process.send?.('ready');
});
await scheduler.start();
for (let i = 1; i <= Number(minutesArg); i++) {
  now = Date.parse(startIso) + i * 60_000;
  await scheduler.tick();
}
await scheduler.stop();
store.close();
process.send?.(ran);
