// The board as a Hono app: guards first (host, headers, same-origin, session), then the login,
// live events, decisions and pages. Routes are rows in tables; the server lives in server.ts.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import { BoardReads, BoardTokens } from '../db/index.js';
import { BOARD_CSS, BOARD_JS } from './assets.js';
import type { BoardDeps, DecisionKind, Page, PageContext } from './context.js';
import { headers, hostCheck, requireSession, sameOrigin } from './guards.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { LiveHub } from './live.js';
import { agentsPage } from './pages/agents.js';
import { healthPage } from './pages/health.js';
import { pipelinesPage } from './pages/pipelines.js';
import { queuePage } from './pages/queue.js';
import { schedulesPage } from './pages/schedules.js';
import { spendPage } from './pages/spend.js';
import { artifactsDir, listArtifacts, taskPage } from './pages/task.js';
import { SESSION_COOKIE, SESSION_TTL_MS, Sessions } from './sessions.js';

export interface BoardAppOptions extends BoardDeps {
  /** host:port values the board answers to (lower case). */
  hosts: Set<string>;
  /** Origins allowed on state-changing requests (http://host:port). */
  origins: Set<string>;
  /** How often the live hub looks for changes. */
  liveIntervalMs?: number;
  onError?(error: unknown): void;
}

const PAGES: Record<string, (ctx: PageContext) => Page | Promise<Page>> = {
  '/': queuePage,
  '/spend': spendPage,
  '/pipelines': pipelinesPage,
  '/schedules': schedulesPage,
  '/agents': agentsPage,
  '/health': healthPage,
};

const DECISIONS: Record<string, DecisionKind> = {
  approve: 'approve',
  reject: 'reject',
  revise: 'revise',
  cancel: 'cancel',
  retry: 'retry',
};

export function createBoardApp(options: BoardAppOptions) {
  const clock = options.clock ?? Date.now;
  const reads = new BoardReads(options.store.db);
  const tokens = new BoardTokens(options.store.db, clock);
  const sessions = new Sessions(clock);
  const live = new LiveHub({ mark: () => reads.changeMark(), intervalMs: options.liveIntervalMs });
  const app = new Hono();

  app.use('*', hostCheck(options.hosts));
  app.use('*', headers());
  app.use('*', sameOrigin(options.origins));
  app.use('*', requireSession(sessions));
  app.use('*', bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.text('Too large.', 413) }));

  app.get('/assets/board.css', (c) => c.body(BOARD_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' }));
  app.get('/assets/board.js', (c) =>
    c.body(BOARD_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }),
  );

  app.get('/login', (c) => {
    if (!tokens.consume(c.req.query('token') ?? ''))
      return c.html(
        '<!doctype html><title>Kev board</title><p>This login link is not valid: it was used, it expired, or it was mistyped. Run <code>kev board</code> for a new one.</p>',
        401,
      );
    setCookie(c, SESSION_COOKIE, sessions.open(), {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      maxAge: SESSION_TTL_MS / 1000,
    });
    return c.redirect('/', 303);
  });

  app.post('/logout', (c) => {
    sessions.close(getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.html('<!doctype html><title>Kev board</title><p>Logged out.</p>');
  });

  app.get('/events', (c) =>
    streamSSE(c, async (stream) => {
      const off = live.subscribe((version) => {
        void stream.writeSSE({ event: 'change', data: String(version) }).catch(() => undefined);
      });
      stream.onAbort(off);
      await stream.writeSSE({ event: 'hello', data: '0' });
      while (!stream.aborted && !stream.closed)
        await stream.sleep(15_000).then(() => stream.write(': ping\n\n'));
      off();
    }),
  );

  app.post('/task/:id/:verb', async (c) => {
    const id = Number(c.req.param('id'));
    const kind = DECISIONS[c.req.param('verb')];
    if (!Number.isSafeInteger(id) || id <= 0 || !kind) return c.text('No such action.', 404);
    const form = await c.req.parseBody();
    const text = (name: string) => {
      const value = form[name];
      return typeof value === 'string' && value.trim() ? value.trim() : undefined;
    };
    const notes = text('notes');
    const outcome =
      kind === 'revise' && !notes
        ? { ok: false, text: 'A revision needs notes: say what should change.' }
        : options.decide({ kind, taskId: id, reason: text('reason'), notes });
    live.poll();
    const back = new URLSearchParams({ said: outcome.text, ok: outcome.ok ? '1' : '0' });
    return c.redirect(`/task/${id}?${back}`, 303);
  });

  app.post('/schedules/:job/:action', (c) => {
    const action = c.req.param('action');
    if (action !== 'pause' && action !== 'resume') return c.text('No such action.', 404);
    const outcome = options.decide({ kind: 'schedules', action, job: c.req.param('job') });
    live.poll();
    const back = new URLSearchParams({ said: outcome.text, ok: outcome.ok ? '1' : '0' });
    return c.redirect(`/schedules?${back}`, 303);
  });

  app.get('/task/:id/artifacts/:name', (c) => {
    const id = Number(c.req.param('id'));
    const name = c.req.param('name');
    // Only a name listed in the task's own folder is served: no paths, no traversal.
    if (!Number.isSafeInteger(id) || !listArtifacts(options.dataDir, id).some((a) => a.name === name))
      return c.text('No such artifact.', 404);
    return c.body(readFileSync(join(artifactsDir(options.dataDir, id), name)), 200, {
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`,
      'X-Content-Type-Options': 'nosniff',
    });
  });

  const show = async (c: Context, active: string, render: (ctx: PageContext) => Page | Promise<Page>) => {
    const ctx: PageContext = { ...options, reads, now: clock(), query: c.req.query() };
    const page = await render(ctx);
    const status = (page.status ?? 200) as 200;
    if (c.req.header('x-board-fragment') === '1') return c.html(page.live.value, status);
    return c.html(layout(active, page.title, page.top, page.live).value, status);
  };
  for (const [path, render] of Object.entries(PAGES)) app.get(path, (c) => show(c, path, render));
  app.get('/task/:id', (c) => show(c, '/', (ctx) => taskPage(ctx, Number(c.req.param('id')))));

  app.notFound((c) =>
    c.html(layout('', 'Not found', undefined, html`<div class="card na">No such page.</div>`).value, 404),
  );
  app.onError((error, c) => {
    options.onError?.(error);
    return c.text('Something went wrong on the board; the log has the details.', 500);
  });
  return { app, live, sessions, tokens };
}
