// `npm run storm -- --seed N --kills K`: the crash storm of test/storm.test.ts at any length, printing
// where each kill landed and the verdict; exits 1 on any violated invariant, so a seed replays a failure.

import { parseArgs } from 'node:util';
import { runStorm } from './helpers/storm.js';
import { checkStorm, secretLeaks } from './helpers/storm-check.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: String(Date.now() % 100_000) },
    kills: { type: 'string', default: '100' },
    delay: { type: 'string', default: '400' },
  },
});
const seed = Number(values.seed);
const started = Date.now();
console.log(`storm: seed ${seed}, ${values.kills} kills`);
const world = await runStorm({
  seed,
  kills: Number(values.kills),
  modelDelayMs: Number(values.delay),
  settleMs: 180_000,
  progress: (line) => console.log(`  ${((Date.now() - started) / 1000).toFixed(1)}s ${line}`),
});
const verdict = checkStorm(world);
const leaks = secretLeaks(world);
await world.close();
console.log(JSON.stringify({ seed, ...verdict, leaks, landed: world.landed, dir: world.dir }, null, 2));
const failed = verdict.violations.length + leaks.length;
console.log(
  failed ? `FAILED: replay with --seed ${seed}` : `ok in ${((Date.now() - started) / 1000).toFixed(0)}s`,
);
process.exit(failed ? 1 : 0);
