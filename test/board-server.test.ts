// The board's HTTP surface without a browser: 401 without a session, the one-time login token,
// the Host allow-list, the same-origin (CSRF) check, secure headers, escaping, and board decisions
// running the chat's own actions (closing the chat's buttons, idempotent on a second go).

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BoardTokens } from '../src/db/index.js';
import { DEFAULT_PLAN } from '../src/kev/pipeline/index.js';
import { reviewRequest } from '../src/kev/review.js';
import { DEFAULT_SCHEDULES } from '../src/kev/schedules/table.js';
import { createBoardApp } from '../src/web/app.js';
import { boardDeps } from './helpers/board.js';
import { type KevHarness, kevHarness } from './helpers/kev.js';

const HOST = '127.0.0.1:8787';
const ORIGIN = `http://${HOST}`;

let h: KevHarness;
let board: ReturnType<typeof createBoardApp>;

beforeEach(() => {
  h = kevHarness();
  board = createBoardApp({
    ...boardDeps(h.store, h.kev, h.dir, h.clock.read),
    hosts: new Set([HOST, `localhost:8787`]),
    origins: new Set([ORIGIN]),
    liveIntervalMs: 20,
  });
});
afterEach(() => {
  board.live.stop();
  h.cleanup();
});

function request(path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  return board.app.request(`${ORIGIN}${path}`, { ...init, headers: { host: HOST, ...init.headers } });
}

async function login(): Promise<string> {
  const token = new BoardTokens(h.store.db, h.clock.read).issue();
  const res = await request(`/login?token=${token}`);
  expect(res.status).toBe(303);
  const cookie = res.headers.get('set-cookie') ?? '';
  return cookie.split(';')[0] ?? '';
}

function post(
  path: string,
  cookie: string,
  body: Record<string, string> = {},
  headers: Record<string, string> = {},
) {
  return request(path, {
    method: 'POST',
    body: new URLSearchParams(body),
    headers: {
      cookie,
      origin: ORIGIN,
      'sec-fetch-site': 'same-origin',
      'content-type': 'application/x-www-form-urlencoded',
      ...headers,
    },
  });
}

/** What the board said after a decision (carried in the redirect). */
function said(res: Response): string {
  return new URL(res.headers.get('location') ?? '/', ORIGIN).searchParams.get('said') ?? '';
}

/** A research task in review whose review request went to the memory chat, delivered. */
async function inReview(title = 'Compare vector databases', result = 'Qdrant leads.') {
  const chat = { platform: 'memory', chatId: 'c1' };
  const task = h.store.tasks.create({ title, type: 'research', agent: 'Scout', ...chat });
  h.store.tasks.claim('w', 60_000);
  const done = h.store.tasks.complete(task.id, 'w', result);
  h.kev.notify(chat, reviewRequest(done));
  await h.delivery.drain();
  return done;
}

describe('board access', () => {
  it('answers 401 to every page, the event stream and a decision without a session', async () => {
    const task = await inReview();
    for (const path of ['/', `/task/${task.id}`, '/spend', '/health', '/events']) {
      const res = await request(path);
      expect(res.status, path).toBe(401);
      expect(await res.text()).not.toContain('Qdrant');
    }
    const res = await post(`/task/${task.id}/approve`, '');
    expect(res.status).toBe(401);
    expect(h.store.tasks.get(task.id)?.state).toBe('review');
  });

  it('lets a login token in once: an HttpOnly SameSite=Strict cookie, then 401 for the same link', async () => {
    const token = new BoardTokens(h.store.db, h.clock.read).issue();
    const first = await request(`/login?token=${token}`);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const again = await request(`/login?token=${token}`);
    expect(again.status).toBe(401);
    const page = await request('/', { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain(token);
  });

  it('refuses an unknown, a mistyped and an expired token', async () => {
    const tokens = new BoardTokens(h.store.db, h.clock.read);
    expect((await request('/login?token=nope')).status).toBe(401);
    expect((await request('/login')).status).toBe(401);
    const token = tokens.issue();
    expect((await request(`/login?token=${token.slice(0, -1)}x`)).status).toBe(401);
    h.clock.advance(11 * 60_000);
    expect((await request(`/login?token=${token}`)).status).toBe(401);
  });

  it('stores only a hash of the login token', () => {
    const token = new BoardTokens(h.store.db, h.clock.read).issue();
    const rows = h.store.db.$client.prepare('select * from board_tokens').all();
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('refuses an unknown Host header even with a valid session (DNS rebinding)', async () => {
    const cookie = await login();
    const res = await board.app.request('http://evil.example:8787/', {
      headers: { host: 'evil.example:8787', cookie },
    });
    expect(res.status).toBe(421);
    expect((await board.app.request(`${ORIGIN}/`, { headers: { cookie } })).status).toBe(421);
    expect((await request('/', { headers: { cookie, host: 'localhost:8787' } })).status).toBe(200);
  });

  it('refuses a state change from another origin or without a same-origin sign (CSRF)', async () => {
    const cookie = await login();
    const task = await inReview();
    const foreign = await post(`/task/${task.id}/approve`, cookie, {}, { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    const unsigned = await request(`/task/${task.id}/approve`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(unsigned.status).toBe(403);
    const crossSite = await post(
      `/task/${task.id}/approve`,
      cookie,
      {},
      { origin: '', 'sec-fetch-site': 'cross-site' },
    );
    expect(crossSite.status).toBe(403);
    expect(h.store.tasks.get(task.id)?.state).toBe('review');
    const ok = await post(`/task/${task.id}/approve`, cookie);
    expect(ok.status).toBe(303);
    expect(h.store.tasks.get(task.id)?.state).toBe('done');
  });

  it('sends secure headers on every response', async () => {
    for (const res of [await request('/'), await request('/assets/board.css')]) {
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });
});

describe('board pages', () => {
  it('shows a <script> title and raw HTML in a result as text', async () => {
    const cookie = await login();
    const task = await inReview(
      '<script>alert("t")</script> title',
      '# Found\n\n<img src=x onerror="alert(1)"> and <script>alert(2)</script>\n\n[click](javascript:alert(3)) **bold**',
    );
    const queue = await (await request('/', { headers: { cookie } })).text();
    expect(queue).toContain('&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; title');
    expect(queue).not.toContain('<script>alert');
    const page = await (await request(`/task/${task.id}`, { headers: { cookie } })).text();
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('javascript:');
    expect(page).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(page).toContain('<strong>bold</strong>');
    expect(page).toContain('<h1>Found</h1>');
  });

  it('filters the queue by state, agent and search, and pages it', async () => {
    const cookie = await login();
    for (let i = 1; i <= 60; i++)
      h.store.tasks.create({
        title: `task ${i}`,
        type: i % 2 ? 'research' : 'code',
        agent: i % 2 ? 'Scout' : 'Rex',
      });
    const first = await (await request('/', { headers: { cookie } })).text();
    expect(first).toContain('page 1 of 2');
    expect(first).toContain('task 60');
    expect(first).not.toContain('>task 1<');
    const rex = await (await request('/?agent=Rex&q=task%205', { headers: { cookie } })).text();
    expect(rex).toContain('task 50');
    expect(rex).toContain('task 52');
    expect(rex).not.toContain('task 51');
    const ready = await (await request('/?state=review', { headers: { cookie } })).text();
    expect(ready).toContain('No tasks here.');
  });

  it('shows each pipeline with its seven stages and its cost against the $40–70 estimate', async () => {
    const cookie = await login();
    const empty = await (await request('/pipelines', { headers: { cookie } })).text();
    expect(empty).toContain('No pipelines yet');
    const pipeline = h.store.pipelines.create({
      idea: 'A CLI that turns <PDFs> into Markdown',
      project: 'p1-pdf',
      plan: JSON.stringify(DEFAULT_PLAN),
    });
    const task = h.store.tasks.create({ title: 'PRD', type: 'research', agent: 'Scout' });
    h.store.pipelines.addRun(pipeline.id, 0, task.id);
    const page = await (await request('/pipelines', { headers: { cookie } })).text();
    expect(page).toContain('A CLI that turns &lt;PDFs&gt; into Markdown');
    for (const stage of DEFAULT_PLAN.stages) expect(page).toContain(`>${stage.name}</li>`);
    expect(page).toContain('of the $40–70 estimate');
    expect(page).toContain(`/task/${task.id}`);
  });

  it('lists the scheduled jobs and pauses one with the chat action', async () => {
    const cookie = await login();
    const page = await (await request('/schedules', { headers: { cookie } })).text();
    for (const job of DEFAULT_SCHEDULES) expect(page).toContain(`<b>${job.name}</b>`);
    expect(page).toContain('action="/schedules/brief/pause"');
    const foreign = await post('/schedules/brief/pause', cookie, {}, { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(h.store.schedules.state('brief').paused).toBe(false);
    const res = await post('/schedules/brief/pause', cookie);
    expect(said(res)).toContain('Paused brief');
    expect(h.store.schedules.state('brief').paused).toBe(true);
    const again = await post('/schedules/brief/pause', cookie);
    expect(said(again)).toContain('already paused');
    const after = await (await request('/schedules', { headers: { cookie } })).text();
    expect(after).toContain('action="/schedules/brief/resume"');
    expect(said(await post('/schedules/nope/pause', cookie))).toContain('There is no job');
  });

  it('renders every page with a session', async () => {
    const cookie = await login();
    await inReview();
    for (const path of ['/spend', '/agents', '/health', '/pipelines', '/schedules', '/task/1']) {
      const res = await request(path, { headers: { cookie } });
      expect(res.status, path).toBe(200);
    }
    expect((await request('/task/999', { headers: { cookie } })).status).toBe(404);
  });
});

describe('board live updates', () => {
  it('tells an open event stream when the queue changes', async () => {
    const cookie = await login();
    const res = await request('/events', { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let seen = '';
    const read = async (until: RegExp) => {
      while (!until.test(seen)) {
        const { value, done } = await reader.read();
        if (done) break;
        seen += new TextDecoder().decode(value);
      }
    };
    await read(/event: hello/);
    expect(board.live.size).toBe(1);
    h.store.tasks.create({ title: 'new work', type: 'research', agent: 'Scout' });
    await read(/event: change/);
    expect(seen).toMatch(/event: change\ndata: 1/);
    await reader.cancel();
  });

  it('searches titles literally (% and _ are not wildcards)', async () => {
    const cookie = await login();
    h.store.tasks.create({ title: 'grow 100% faster', type: 'research', agent: 'Scout' });
    h.store.tasks.create({ title: 'grow 1000 faster', type: 'research', agent: 'Scout' });
    const page = await (await request('/?q=100%25', { headers: { cookie } })).text();
    expect(page).toContain('grow 100% faster');
    expect(page).not.toContain('grow 1000 faster');
  });
});

describe('board decisions', () => {
  it('approves with the chat action, closes the chat question, and is idempotent', async () => {
    const cookie = await login();
    const task = await inReview();
    const question = h.transport.sent.at(-1);
    expect(question?.message.choices).toEqual(['Approve', 'Reject', 'Revise']);
    const res = await post(`/task/${task.id}/approve`, cookie);
    expect(res.status).toBe(303);
    expect(said(res)).toContain('It is done');
    expect(h.store.tasks.get(task.id)?.state).toBe('done');
    await h.delivery.drain();
    const edit = h.transport.edits.at(-1);
    expect(edit?.externalId).toBe(question?.id);
    expect(edit?.message.text).toContain(`→ Approved #${task.id}`);
    expect(edit?.message.choices ?? []).toEqual([]);
    // The chat's button is closed: a tap now says it was decided.
    const promptId = question?.message.promptId as number;
    const tap = await h.tap(promptId, 1);
    expect(tap.toast).toContain('Already decided');
    expect(h.store.tasks.get(task.id)?.state).toBe('done');
    // A second approve on the board changes nothing and says why.
    const again = await post(`/task/${task.id}/approve`, cookie);
    expect(said(again)).toContain('not waiting for review');
    expect(h.store.tasks.events(task.id).filter((e) => e.to === 'done')).toHaveLength(1);
  });

  it('a decision made in the chat leaves nothing for the board to do', async () => {
    const cookie = await login();
    const task = await inReview();
    await h.say(`/reject ${task.id} too shallow`);
    expect(h.store.tasks.get(task.id)?.state).toBe('failed');
    const page = await (await request(`/task/${task.id}`, { headers: { cookie } })).text();
    expect(page).not.toContain(`/task/${task.id}/approve`);
    expect(page).toContain(`/task/${task.id}/retry`);
  });

  it('sends a revision back with the notes, and refuses one without notes', async () => {
    const cookie = await login();
    const task = await inReview();
    const empty = await post(`/task/${task.id}/revise`, cookie, { notes: '  ' });
    expect(said(empty)).toContain('needs notes');
    expect(h.store.tasks.get(task.id)?.state).toBe('review');
    await post(`/task/${task.id}/revise`, cookie, { notes: 'add pricing' });
    const after = h.store.tasks.get(task.id);
    expect(after?.state).toBe('ready');
    expect(after?.note).toBe('add pricing');
    await h.delivery.drain();
    expect(h.transport.edits.at(-1)?.message.text).toContain(`→ Revision asked for #${task.id}`);
  });
});
