// A child process that opens its own connection and claims tasks as fast as it can.

import { openStore } from '../../src/db/index.js';

const [file = '', owner = ''] = process.argv.slice(2);
const store = openStore(file);
const claimed: number[] = [];
// Wait for the parent's go, so every claimer starts at the same moment.
await new Promise((resolve) => {
  process.once('message', resolve);
  process.send?.('ready');
});
for (;;) {
  const task = store.tasks.claim(owner, 60_000);
  if (!task) break;
  claimed.push(task.id);
}
store.close();
process.send?.(claimed);
