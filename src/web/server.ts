// The board's HTTP server: binds 127.0.0.1 (or KEV_BOARD_HOST) with @hono/node-server and answers
// only to the host names it was started with. Loaded by dynamic import when KEV_BOARD_PORT is set.

import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createBoardApp } from './app.js';
import type { BoardDeps } from './context.js';

export interface BoardOptions extends BoardDeps {
  port: number;
  host?: string;
  /** Extra host names the board answers to (a name on the LAN, a desktop wrapper's). */
  allowedHosts?: string[];
  liveIntervalMs?: number;
  onError?(error: unknown): void;
}

export interface Board {
  /** http://host:port, without a trailing slash. */
  url: string;
  port: number;
  /** Asks the live hub to look for changes now (after Kev wrote something). */
  poke(): void;
  stop(): Promise<void>;
}

export async function startBoard(options: BoardOptions): Promise<Board> {
  const host = options.host ?? '127.0.0.1';
  const hosts = new Set<string>();
  const origins = new Set<string>();
  const { app, live } = createBoardApp({ ...options, hosts, origins });
  const server = serve({ fetch: app.fetch, port: options.port, hostname: host });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const names = new Set(['127.0.0.1', 'localhost', '[::1]', host.includes(':') ? `[${host}]` : host]);
  for (const name of options.allowedHosts ?? []) names.add(name);
  for (const name of names) {
    hosts.add(`${name}:${port}`.toLowerCase());
    origins.add(`http://${name}:${port}`.toLowerCase());
  }
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}`,
    port,
    poke: () => live.poll(),
    stop: async () => {
      live.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
  };
}
