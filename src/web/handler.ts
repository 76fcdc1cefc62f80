// The board's request handler: the Hono app behind @hono/node-server's listener. server.ts imports
// this on the first request, so a board that nobody opens costs a listening socket and no more.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { type BoardAppOptions, createBoardApp } from './app.js';

export interface BoardHandler {
  listener(req: IncomingMessage, res: ServerResponse): Promise<void> | void;
  /** Asks the live hub to look for changes now. */
  poke(): void;
  stop(): void;
}

export function boardHandler(options: BoardAppOptions & { hostname?: string }): BoardHandler {
  const { app, live } = createBoardApp(options);
  return {
    listener: getRequestListener(app.fetch, { hostname: options.hostname }),
    poke: () => live.poll(),
    stop: () => live.stop(),
  };
}
