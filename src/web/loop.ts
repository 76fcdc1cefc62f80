// The board as one of the root's loops: started after the transports when KEV_BOARD_PORT is set,
// stopped with the others. Hono and the pages are imported only then, so a start without the board
// never loads them.

import type { ChatTransport } from '../ports/chat.js';
import type { Loop } from '../shared/lifecycle.js';
import type { Board } from './server.js';
import type { WireOptions } from './wire.js';

export interface BoardLoop extends Loop {
  /** The running board, once started (undefined when off). */
  readonly board: Board | undefined;
  /** Something changed: open pages refresh. */
  poke(): void;
}

export function boardLoop(
  options: Omit<WireOptions, 'transports'> & { transports: ChatTransport[] },
): BoardLoop {
  let board: Board | undefined;
  const closed = new Set<ChatTransport>();
  for (const t of options.transports) void t.closed?.then(() => closed.add(t));
  return {
    get board() {
      return board;
    },
    poke: () => board?.poke(),
    start: async () => {
      if (!options.config.board) return;
      const { startBoardFor } = await import('./wire.js');
      board = await startBoardFor({
        ...options,
        transports: () => options.transports.map((t) => ({ platform: t.platform, running: !closed.has(t) })),
      });
      options.log.info({ url: board.url }, 'board listening; `kev board` prints a login link');
    },
    stop: async () => board?.stop(),
  };
}
