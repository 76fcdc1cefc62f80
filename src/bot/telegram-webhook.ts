// Webhook mode's local listener: a node:http server that passes Telegram's POSTs to grammY's
// webhookCallback, which checks the X-Telegram-Bot-Api-Secret-Token header (401 without the right
// one). The 200 goes back once the update has been dispatched, i.e. recorded durably by Kev.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Bot, webhookCallback } from 'grammy';
import type { Logger } from '../shared/log.js';

export interface WebhookListenerOptions {
  bot: Bot;
  port: number;
  /** Interface to listen on; all of them by default (a reverse proxy usually sits in front). */
  host?: string;
  secret: string;
  log: Logger;
  /** Larger bodies are refused with 413; Telegram's updates are a few kilobytes. */
  maxBodyBytes?: number;
}

/** Contract: listening once listenForWebhook() resolves; close() stops accepting and drops open connections. */
export interface WebhookListener {
  readonly port: number;
  close(): Promise<void>;
}

/** Starts listening; accepts POST on any path (the secret, not the path, authenticates Telegram). */
export async function listenForWebhook(options: WebhookListenerOptions): Promise<WebhookListener> {
  const { log } = options;
  const handle = webhookCallback(options.bot, 'http', { secretToken: options.secret, onTimeout: 'return' });
  const maxBody = options.maxBodyBytes ?? 1_000_000;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    if (Number(req.headers['content-length'] ?? 0) > maxBody) {
      res.writeHead(413).end();
      return;
    }
    handle(req, res).catch((error: unknown) => {
      log.warn({ err: error }, 'a webhook request failed; Telegram will send it again');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
