// The one tiny HTTP server behind every LLM fake: 127.0.0.1 on a free port, records each request,
// answers from a script of FakeReply values that a WireDialect renders in its vendor's format.

import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatCall } from './chat-call.js';
import type { FakeReply, Timing } from './replies.js';

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: unknown;
}

export type WireResponse =
  | { status: number; headers?: Record<string, string>; body: string }
  /** Server-sent events: each item is written as one `data:` event. */
  | { status: number; headers?: Record<string, string>; events: string[] }
  | { destroy: true };

/** How one vendor's API looks on the wire; pure functions of the script, no I/O. */
export interface WireDialect {
  /** What a client puts in its base URL after the origin ('' or '/v1'). */
  basePath: string;
  matches(request: RecordedRequest): boolean;
  render(reply: FakeReply, request: RecordedRequest): WireResponse;
  read(request: RecordedRequest): ChatCall;
}

export interface FakeServerOptions {
  /** Answer for a request when the script is empty; a 500 saying so by default. */
  fallback?: FakeReply;
  /** Answers a matching request when the script is empty, from what it asks (before `fallback`). */
  respond?: (call: ChatCall, request: RecordedRequest) => FakeReply | undefined;
}

export interface FakeServer {
  /** The origin, http://127.0.0.1:port. */
  url: string;
  /** What to configure as the provider's base URL (origin + dialect base path). */
  baseUrl: string;
  requests: RecordedRequest[];
  /** The matching requests, read back in the neutral ChatCall shape. */
  calls(): ChatCall[];
  /** Queue replies, answered in order, one per matching request. */
  script(...replies: FakeReply[]): void;
  /** Resolves once at least n requests have arrived. */
  waitForRequests(n: number): Promise<void>;
  close(): Promise<void>;
}

const NO_SCRIPT: FakeReply = {
  kind: 'error',
  status: 500,
  message: 'fake: no reply scripted for this request',
};

export async function startHttpFake(
  dialect: WireDialect,
  options: FakeServerOptions = {},
): Promise<FakeServer> {
  const queue: FakeReply[] = [];
  const requests: RecordedRequest[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer(async (req, res) => {
    const request = await recordRequest(req).catch(() => undefined);
    if (!request) return;
    const reply: FakeReply = dialect.matches(request)
      ? (queue.shift() ?? options.respond?.(dialect.read(request), request) ?? options.fallback ?? NO_SCRIPT)
      : { kind: 'error', status: 404, message: `fake: no route for ${request.method} ${request.path}` };
    requests.push(request);
    for (const waiter of waiters.filter((w) => requests.length >= w.n)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    const timing: Timing = reply.kind === 'destroy' ? {} : reply;
    later(res, timing.delayMs ?? 0, () =>
      send(res, dialect.render(reply, request), timing.stallMs ?? 0, later),
    );
  });

  const later: Later = (res, ms, run) => {
    if (ms <= 0) return run();
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
    res.on('close', () => {
      clearTimeout(timer);
      timers.delete(timer);
    });
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    baseUrl: url + dialect.basePath,
    requests,
    calls: () => requests.filter((r) => dialect.matches(r)).map((r) => dialect.read(r)),
    script: (...replies) => {
      queue.push(...replies);
    },
    waitForRequests: (n) =>
      requests.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve })),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function recordRequest(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  const url = new URL(req.url ?? '/', 'http://fake.invalid');
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: req.headers,
    body: parseBody(raw),
  };
}

function parseBody(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Runs `run` after `ms`, unless the client hangs up first or the fake closes. */
type Later = (res: ServerResponse, ms: number, run: () => void) => void;

/** With a stall, the headers and the first part go out at once and the rest after `stallMs`. */
function send(res: ServerResponse, wire: WireResponse, stallMs: number, later: Later): void {
  if (res.destroyed) return;
  if ('destroy' in wire) {
    res.socket?.destroy();
    return;
  }
  const streamed = 'events' in wire;
  const parts = streamed ? wire.events.map((event) => `data: ${event}\n\n`) : halves(wire.body);
  const contentType = streamed ? 'text/event-stream' : 'application/json';
  res.writeHead(wire.status, { 'content-type': contentType, 'cache-control': 'no-cache', ...wire.headers });
  if (stallMs <= 0) {
    res.end(parts.join(''));
    return;
  }
  res.write(parts[0] ?? '');
  later(res, stallMs, () => res.end(parts.slice(1).join('')));
}

function halves(body: string): string[] {
  const middle = Math.ceil(body.length / 2);
  return [body.slice(0, middle), body.slice(middle)];
}

/** The JSON a dialect sends for a reply it has no special shape for. */
export function jsonResponse(status: number, body: unknown, headers?: Record<string, string>): WireResponse {
  return headers === undefined
    ? { status, body: JSON.stringify(body) }
    : { status, body: JSON.stringify(body), headers };
}

/** The shared rendering of the replies that look the same for every vendor. */
export function renderCommon(reply: FakeReply): WireResponse | undefined {
  switch (reply.kind) {
    case 'destroy':
      return { destroy: true };
    case 'raw':
      return reply.headers === undefined
        ? { status: reply.status, body: reply.body }
        : { status: reply.status, body: reply.body, headers: reply.headers };
    case 'malformed':
      return { status: 200, body: reply.body ?? '{"id": "msg_fake", "content": [' };
    default:
      return undefined;
  }
}
