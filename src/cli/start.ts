// `kev start` (the default): runs Kev until SIGINT/SIGTERM or the end of console input.

import type { Command } from './command.js';

export const startCommand: Command = async () => {
  const { run } = await import('../main.js');
  const running = await run();
  const onSignal = (signal: string) => {
    running.log.info({ signal }, 'stopping');
    void running.stop();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  await running.done;
  return 0;
};
