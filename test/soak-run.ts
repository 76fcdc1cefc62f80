// `npm run soak [-- --messages N --chats C]`: 10,000 owner messages and 1,000 tasks through Kev as a
// child process and the fakes; prints Kev's RSS at start, at each tenth of the replies, at the end and
// after a quiet minute (`--idle S`), the db's integrity and size.

import { parseArgs } from 'node:util';
import { runSoak } from './helpers/soak.js';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '10000' },
    chats: { type: 'string', default: '100' },
    idle: { type: 'string', default: '60' },
  },
});
const started = Date.now();
const report = await runSoak({
  messages: Number(values.messages),
  chats: Number(values.chats),
  taskEvery: 10,
  timeoutMs: 1_800_000,
  idleMs: Number(values.idle) * 1000,
  progress: (line) => console.log(`  ${((Date.now() - started) / 1000).toFixed(0)}s ${line}`),
});
console.log(JSON.stringify(report, null, 2));
const ok = report.integrity === 'ok' && report.foreignKeyProblems === 0 && report.undelivered === 0;
console.log(ok ? 'ok' : 'FAILED');
process.exit(ok ? 0 : 1);
