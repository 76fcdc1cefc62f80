// The board's HTTP server: binds 127.0.0.1 (or KEV_BOARD_HOST) with node:http and answers only to
// the host names it was started with. Loaded by dynamic import when KEV_BOARD_PORT is set; Hono,
// the pages and marked (handler.ts) only when the first request arrives, so an unopened board adds
// a socket to Kev's memory and not the ~4 MB of its code and of Node's fetch classes.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BoardDeps } from './context.js';
import type { BoardHandler } from './handler.js';

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
  let handler: BoardHandler | undefined;
  let loading: Promise<BoardHandler> | undefined;
  const load = () => {
    loading ??= import('./handler.js').then(({ boardHandler }) => {
      handler = boardHandler({ ...options, hosts, origins, hostname: host });
      return handler;
    });
    return loading;
  };
  const server = createServer((req, res) => {
    if (handler) return void handler.listener(req, res);
    load().then(
      (h) => h.listener(req, res),
      (error: unknown) => {
        loading = undefined; // the next request tries again
        options.onError?.(error);
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('Something went wrong on the board; the log has the details.');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
    server.listen(options.port, host);
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
    poke: () => handler?.poke(),
    stop: async () => {
      handler?.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
  };
}
