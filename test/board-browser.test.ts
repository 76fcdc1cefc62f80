// The board in a real browser (Debian's headless Chromium driven by playwright-core) over a real
// Kev on the fake Telegram Bot API: a request without the cookie refused, the one-time login, a
// live update over SSE while the page is open, approving by a click and the chat's buttons
// closing, a revision with notes. Screenshots go to $TMPDIR/kev-board-shots (and docs/ with
// KEV_BOARD_SCREENSHOT=1).

import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBoard } from '../bench/board-seed.js';
import { BoardTokens } from '../src/db/index.js';
import { DEFAULT_PLAN } from '../src/kev/pipeline/index.js';
import { reviewRequest } from '../src/kev/review.js';
import { type Board, startBoard } from '../src/web/server.js';
import { OWNER, ownerChat, type Stack, startStack } from './fakes/telegram/harness.js';
import { type FakeBotApi, startFakeBotApi } from './fakes/telegram/index.js';
import { boardDeps } from './helpers/board.js';
import { findChromium, launchChromium } from './helpers/browser.js';
import { tempDir } from './helpers/store.js';

const chromium = findChromium();
const SHOTS = join(tmpdir(), 'kev-board-shots');

if (!chromium) {
  const message = "board browser suite: no Chromium found (install Debian's chromium, or set KEV_CHROMIUM)";
  if (process.env.CI === 'true') {
    it('needs a browser in CI', () => {
      throw new Error(`${message}; CI=true requires it.`);
    });
  } else {
    console.warn(`${message}: skipped.`);
  }
}

describe.skipIf(!chromium)('the board in Chromium', () => {
  let fake: FakeBotApi;
  let stack: Stack;
  let board: Board;
  let browser: BrowserContext;
  let page: Page;
  let dir: string;
  const chat = { platform: 'telegram', chatId: String(OWNER.id) };

  beforeAll(async () => {
    dir = tempDir('kev-board-');
    fake = await startFakeBotApi();
    fake.world.privateChat(OWNER);
    stack = await startStack({ fake, file: join(dir, 'kev.db') });
    board = await startBoard({
      ...boardDeps(stack.store, stack.kev, dir),
      port: 0,
      liveIntervalMs: 100,
    });
    browser = await launchChromium(chromium as string);
    page = await browser.newPage();
    page.setDefaultTimeout(8000);
    mkdirSync(SHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await board?.stop();
    await stack?.stop();
    await fake?.close();
  });

  function inReview(title: string, result: string) {
    const task = stack.store.tasks.create({ title, type: 'analysis', agent: 'Atlas', ...chat });
    stack.store.tasks.claim('worker', 60_000, { types: ['analysis'] });
    const done = stack.store.tasks.complete(task.id, 'worker', result);
    stack.kev.notify(chat, reviewRequest(done));
    return done;
  }

  /** The review request of a task as the owner sees it in Telegram, once it has its buttons. */
  function question(taskId: number) {
    return fake.waitFor(
      () => ownerChat(fake).find((m) => m.text.startsWith(`Review #${taskId} `) && m.buttons.length > 0),
      `the review request of #${taskId}`,
    );
  }

  /** Later tests run logged in even when picked alone (vitest -t). */
  async function loggedIn(): Promise<void> {
    if ((await browser.cookies()).some((c) => c.name === 'kev_board')) return;
    await page.goto(`${board.url}/login?token=${new BoardTokens(stack.store.db).issue()}`);
  }

  async function shoot(name: string, fullPage = true): Promise<string> {
    const file = join(SHOTS, `${name}.png`);
    await page.screenshot({ path: file, fullPage });
    return file;
  }

  it('refuses a request without the session cookie', async () => {
    const res = await page.goto(`${board.url}/`);
    expect(res?.status()).toBe(401);
    expect(await page.textContent('body')).toContain('kev board');
    const events = await page.goto(`${board.url}/events`);
    expect(events?.status()).toBe(401);
  });

  it('logs in with the one-time link, which then stops working', async () => {
    const token = new BoardTokens(stack.store.db).issue();
    const res = await page.goto(`${board.url}/login?token=${token}`);
    expect(res?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.textContent('h1')).toBe('Queue');
    const cookie = (await browser.cookies()).find((c) => c.name === 'kev_board');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');
    expect(await page.content()).not.toContain(token);
    // The same link in a second tab is refused.
    const other = await browser.newPage();
    const again = await other.goto(`${board.url}/login?token=${token}`);
    expect(again?.status()).toBe(401);
    await other.close();
  });

  it('shows a new task while the page is open, over server-sent events', async () => {
    await loggedIn();
    await page.goto(`${board.url}/`);
    await page.waitForSelector('#live-badge.on');
    await page.evaluate(() => {
      (globalThis as unknown as { marker: number }).marker = 42;
    });
    const task = stack.store.tasks.create({
      title: 'Arrives live over SSE',
      type: 'research',
      agent: 'Scout',
      state: 'backlog',
    });
    await page.waitForSelector(`tr[data-task="${task.id}"]`, { timeout: 8000 });
    // The same document: the row came over SSE and a fetch, not a reload.
    expect(await page.evaluate(() => (globalThis as unknown as { marker?: number }).marker)).toBe(42);
    expect(await page.textContent(`tr[data-task="${task.id}"]`)).toContain('Arrives live over SSE');
  });

  it('approves a task in review by a click, and the chat loses its buttons', async () => {
    await loggedIn();
    const task = inReview(
      'Compare vector databases',
      '## Verdict\n\n**Qdrant** leads; pgvector if you already run Postgres.',
    );
    const asked = await question(task.id);
    expect(asked.buttons.flat().map((b) => b.text)).toEqual(['Approve', 'Reject', 'Revise']);
    await page.goto(`${board.url}/task/${task.id}`);
    expect(await page.textContent('.result strong')).toBe('Qdrant');
    await shoot('task-review');
    await page.click('button.approve');
    await page.waitForSelector('.flash');
    expect(await page.textContent('.flash')).toContain(`Approved #${task.id}`);
    expect(await page.textContent('.pill')).toBe('done');
    const closed = await fake.waitFor(
      () =>
        ownerChat(fake).find(
          (m) => m.message_id === asked.message_id && m.edits > 0 && m.buttons.length === 0,
        ),
      'the review request edited without buttons',
    );
    expect(closed.text).toContain(`→ Approved #${task.id}`);
    expect(stack.store.tasks.get(task.id)?.state).toBe('done');
  });

  it('sends a task back with revision notes', async () => {
    await loggedIn();
    const task = inReview('Draft the launch post', 'A first draft of the post.');
    const asked = await question(task.id);
    await page.goto(`${board.url}/task/${task.id}`);
    await page.fill('input[name=notes]', 'shorter, and mention the pricing');
    await page.click('form[action$="/revise"] button');
    await page.waitForSelector('.flash');
    expect(await page.textContent('.flash')).toContain('with your notes: shorter, and mention the pricing');
    const after = stack.store.tasks.get(task.id);
    expect(after?.state).toBe('ready');
    expect(after?.note).toBe('shorter, and mention the pricing');
    const closed = await fake.waitFor(
      () =>
        ownerChat(fake).find(
          (m) => m.message_id === asked.message_id && m.edits > 0 && m.buttons.length === 0,
        ),
      'the review request edited without buttons',
    );
    expect(closed.text).toContain(`→ Revision asked for #${task.id}`);
  });

  it('renders the queue, spend and health pages for the screenshots', async () => {
    await loggedIn();
    seedBoard(stack.store, { tasks: 200, now: Date.now() });
    const pipeline = stack.store.pipelines.create({
      idea: 'A CLI that turns PDFs into clean Markdown',
      project: 'p1-pdf-markdown',
      plan: JSON.stringify(DEFAULT_PLAN),
    });
    stack.store.db.$client.prepare('update pipelines set stage = 3 where id = ?').run(pipeline.id);
    stack.store.pipelines.addRun(pipeline.id, 3, 2);
    stack.store.schedules.setPaused('weekly', true, Date.now());
    for (const [name, path] of [
      ['queue', '/'],
      ['spend', '/spend'],
      ['agents', '/agents'],
      ['pipelines', '/pipelines'],
      ['schedules', '/schedules'],
      ['health', '/health'],
    ] as const) {
      const res = await page.goto(`${board.url}${path}`);
      expect(res?.status(), path).toBe(200);
      await page.waitForSelector('#live-badge.on');
      const file = await shoot(name, name !== 'queue');
      if (name === 'queue' && process.env.KEV_BOARD_SCREENSHOT === '1') copyFileSync(file, 'docs/board.png');
    }
    writeFileSync(
      join(SHOTS, 'README.txt'),
      `Screenshots of the board, taken by test/board-browser.test.ts.\n`,
    );
  }, 30_000);
});
