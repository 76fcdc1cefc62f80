// The fake Telegram Bot API server: 127.0.0.1 on a free port, `/bot<token>/<method>` like the real
// one, so the real grammY client runs against it through `client.apiRoot`. Long-polls getUpdates,
// posts to a webhook when one is set, records every call, and injects faults on demand.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update } from 'grammy/types';
import { type Files, METHODS, type Params, readJsonField } from './methods.js';
import { parseMultipart } from './multipart.js';
import { ApiError, FakeWorld } from './state.js';

export type Fault =
  | { status: 429; retryAfter: number }
  /** A description from the call's parameters echoes them back, as a proxy or a debugging server can. */
  | { status: number; description?: string | ((params: Params) => string) }
  | { delayMs: number }
  | { malformed: true }
  | { drop: true };

export interface RecordedCall {
  method: string;
  params: Params;
  /** HTTP status answered; 0 when the connection was dropped. */
  status: number;
  at: number;
  error?: string;
}

export interface FakeOptions {
  token?: string;
  /** Methods to answer with 404, like a Bot API server that lacks them. */
  lacks?: string[];
}

export type Outage = 'down' | '500' | 'malformed';

const DEFAULT_TOKEN = '123456789:AAFakeTokenForTests_abcdefghijklmnopq';

/**
 * Contract: speaks the Bot API's HTTP shape ({ ok, result } or { ok: false, error_code, description,
 * parameters }) at `url`; `world` holds what users and the bot see; faults apply to calls made after
 * they are injected.
 */
export class FakeBotApi {
  readonly world: FakeWorld;
  readonly calls: RecordedCall[] = [];
  readonly webhookDeliveries: Array<{ updateId: number; status: number }> = [];
  url = '';
  private readonly server = createServer((req, res) => void this.serve(req, res));
  private readonly faults: Array<{ method: string; fault: Fault; times: number; skip: number }> = [];
  private readonly lacks: Set<string>;
  private outage: Outage | undefined;
  private poll: { end: (updates?: Update[], conflict?: boolean) => void } | undefined;

  constructor(options: FakeOptions = {}) {
    this.world = new FakeWorld(options.token ?? DEFAULT_TOKEN);
    this.lacks = new Set(options.lacks ?? []);
    this.world.onUpdate = (update) => {
      if (this.world.webhook) void this.postWebhook(update);
      else this.poll?.end();
    };
  }

  get token(): string {
    return this.world.token;
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Makes `times` calls of `method` ('*': any but getUpdates) fail with `fault`, after `skip` good ones. */
  inject(method: string, fault: Fault, times = 1, skip = 0): void {
    this.faults.push({ method, fault, times, skip });
  }

  /** Every call fails until recover(): the server is unreachable, answers 500, or answers garbage. */
  startOutage(kind: Outage): void {
    this.outage = kind;
    if (kind === 'down') this.server.closeAllConnections();
  }

  recover(): void {
    this.outage = undefined;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with check()'s value once it is truthy; fails with `what` after timeoutMs. */
  async waitFor<T>(
    check: () => T | undefined | null | false,
    what = 'a condition',
    timeoutMs = 8000,
  ): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value) return value;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Waits until `method` has been called successfully `count` times in all. */
  waitForCalls(method: string, count = 1, what = `${count} × ${method}`): Promise<RecordedCall[]> {
    return this.waitFor(() => {
      const ok = this.callsTo(method).filter((c) => c.status === 200);
      return ok.length >= count && ok;
    }, what);
  }

  /** Forgets which updates were confirmed, as after a crash before the offset was acknowledged. */
  forgetConfirmations(): void {
    this.world.confirmedOffset = 0;
  }

  async close(): Promise<void> {
    this.poll?.end();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // File downloads live beside the methods, as on Telegram: /file/bot<token>/<file_path>.
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(req.url ?? '');
    if (download) {
      const file = [...this.world.files.values()].find((f) => f.path === download[2]);
      if (download[1] !== this.token || !file) res.writeHead(404).end('Not Found');
      else res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(file.data);
      return;
    }
    const match = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? '');
    const method = match?.[2] ?? '';
    const call: RecordedCall = { method, params: {}, status: 0, at: Date.now() };
    this.calls.push(call);
    try {
      call.params = await this.readParams(req);
      const files = (call.params.__files as Files | undefined) ?? new Map();
      delete call.params.__files;
      if (this.outage === 'down') return void req.socket.destroy();
      if (this.outage === '500') throw new ApiError(500, 'Internal Server Error');
      if (this.outage === 'malformed') {
        call.error = 'malformed body';
        return this.write(res, call, 200, '{"ok":tru');
      }
      const fault = this.takeFault(method);
      if (fault && 'delayMs' in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
      else if (fault && 'drop' in fault) return void req.socket.destroy();
      else if (fault && 'malformed' in fault) {
        call.error = 'malformed body';
        return this.write(res, call, 502, '<html><body>502 Bad Gateway</body></html>');
      } else if (fault && 'retryAfter' in fault)
        throw new ApiError(429, `Too Many Requests: retry after ${fault.retryAfter}`, {
          retry_after: fault.retryAfter,
        });
      else if (fault && 'status' in fault)
        throw new ApiError(
          fault.status,
          typeof fault.description === 'function'
            ? fault.description(call.params)
            : (fault.description ?? `Error ${fault.status}`),
        );
      if (match?.[1] !== this.token) throw new ApiError(401, 'Unauthorized');
      const result =
        method === 'getUpdates'
          ? await this.getUpdates(call.params, req)
          : this.callMethod(method, call.params, files);
      this.write(res, call, 200, JSON.stringify({ ok: true, result }));
    } catch (error) {
      if (error instanceof ApiError) {
        call.error = error.description;
        const body = { ok: false, error_code: error.code, description: error.description };
        this.write(
          res,
          call,
          error.code,
          JSON.stringify(error.parameters ? { ...body, parameters: error.parameters } : body),
        );
      } else {
        call.error = String(error);
        this.write(
          res,
          call,
          500,
          JSON.stringify({ ok: false, error_code: 500, description: String(error) }),
        );
      }
    }
  }

  private callMethod(method: string, params: Params, files: Files): unknown {
    const row = this.lacks.has(method) ? undefined : METHODS[method];
    if (!row) throw new ApiError(404, 'Not Found');
    return row(this.world, params, files);
  }

  private write(res: ServerResponse, call: RecordedCall, status: number, body: string): void {
    call.status = status;
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  }

  private takeFault(method: string): Fault | undefined {
    const index = this.faults.findIndex(
      (f) => f.method === method || (f.method === '*' && method !== 'getUpdates'),
    );
    const entry = this.faults[index];
    if (!entry) return undefined;
    if (entry.skip > 0) {
      entry.skip -= 1;
      return undefined;
    }
    if (--entry.times <= 0) this.faults.splice(index, 1);
    return entry.fault;
  }

  private async readParams(req: IncomingMessage): Promise<Params> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const type = req.headers['content-type'] ?? '';
    const query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
    if (type.startsWith('multipart/form-data')) {
      const files: Files = new Map();
      const params: Params = { ...query };
      for (const part of parseMultipart(body, type)) {
        if (part.filename !== undefined) files.set(part.name, { filename: part.filename, data: part.data });
        else params[part.name] = readJsonField(part.data.toString('utf8'));
      }
      return { ...params, __files: files };
    }
    if (type.startsWith('application/json') && body.length)
      return { ...query, ...(JSON.parse(body.toString('utf8')) as Params) };
    if (type.startsWith('application/x-www-form-urlencoded'))
      return { ...query, ...Object.fromEntries(new URLSearchParams(body.toString('utf8'))) };
    return query;
  }

  /** Long polling: confirms below `offset`, answers at once when updates wait, else holds up to `timeout` s. */
  private getUpdates(params: Params, req: IncomingMessage): Promise<Update[]> {
    if (this.world.webhook) {
      throw new ApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    const offset = Number(params.offset ?? 0);
    if (offset > 0) this.world.confirm(offset);
    const limit = Math.min(Number(params.limit ?? 100) || 100, 100);
    const timeoutMs = Math.max(0, Number(params.timeout ?? 0)) * 1000;
    const available = () => this.world.pending(limit);
    this.poll?.end(undefined, true);
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const end = (_?: Update[], conflict = false) => {
        if (this.poll?.end === end) this.poll = undefined;
        clearTimeout(timer);
        req.socket.off('close', onClose);
        if (conflict)
          reject(
            new ApiError(
              409,
              'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
            ),
          );
        else resolve(available());
      };
      const onClose = () => end();
      if (available().length || timeoutMs === 0) return end();
      this.poll = { end };
      timer = setTimeout(end, timeoutMs);
      req.socket.once('close', onClose);
    });
  }

  private async postWebhook(update: Update, attempt = 1): Promise<void> {
    const hook = this.world.webhook;
    if (!hook) return;
    let status = 0;
    try {
      const response = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(hook.secret ? { 'x-telegram-bot-api-secret-token': hook.secret } : {}),
        },
        body: JSON.stringify(update),
      });
      status = response.status;
      await response.arrayBuffer();
    } catch {
      status = 0;
    }
    this.webhookDeliveries.push({ updateId: update.update_id, status });
    if (status === 200) this.world.confirm(update.update_id + 1);
    else if (attempt < 5) setTimeout(() => void this.postWebhook(update, attempt + 1), 50 * attempt);
  }
}

export async function startFakeBotApi(options: FakeOptions = {}): Promise<FakeBotApi> {
  return new FakeBotApi(options).listen();
}
