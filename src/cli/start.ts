// `kev start` (the default): runs Kev until a signal or the end of console input.

import type { Command } from './command.js';

export const startCommand: Command = async () => {
  const { run } = await import('../main.js');
  const running = await run({ signals: true });
  await running.done;
  return 0;
};
