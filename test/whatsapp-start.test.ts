// The real `kev start` process on WhatsApp, as a user runs it, against crabline: the owner is
// answered and a stranger is not, a review is approved by its number, a message WhatsApp delivers
// again after a restart is handled once, and the restarted process keeps the paired session.
// (Crabline's admin ingress takes only text and audio, so approval by reaction is proven with the
// fake socket in test/whatsapp-transport.test.ts.)

import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/db/index.js';
import { Kev } from '../src/kev/kev.js';
import { reviewRequest } from '../src/kev/notices.js';
import { DEFAULT_POLICY } from '../src/router/policy.js';
import { silentLogger } from '../src/shared/log.js';
import {
  type CrablineFake,
  OWNER_JID,
  OWNER_NUMBER,
  STRANGER_JID,
  seedSession,
  startCrabline,
} from './fakes/whatsapp/crabline.js';
import { tempDir } from './helpers/store.js';

const CLI = fileURLToPath(new URL('../src/cli/kev.ts', import.meta.url));
// The child runs in its data directory (so no .env of the repository leaks in): tsx by its path.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
let child: ChildProcess | undefined;
let fake: CrablineFake | undefined;

afterEach(async () => {
  child?.kill('SIGKILL');
  await fake?.close();
  child = undefined;
  fake = undefined;
});

function startKev(dataDir: string, url: string): ChildProcess {
  const proc = spawn(process.execPath, ['--import', TSX, CLI, 'start'], {
    cwd: dataDir,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      KEV_DATA_DIR: dataDir,
      KEV_LOG_FILE: join(dataDir, 'kev.log'),
      KEV_WHATSAPP: '1',
      KEV_OWNER_WHATSAPP: `+${OWNER_NUMBER}`,
      KEV_WHATSAPP_WS_URL: url,
      KEV_WHATSAPP_MIN_INTERVAL_MS: '0',
      CLAUDE_BIN: '/nonexistent/claude',
      CODEX_BIN: '/nonexistent/codex',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  proc.once('exit', (code) => {
    if (code) process.stderr.write(`kev start exited ${code}: ${stderr}\n`);
  });
  return proc;
}

async function stopKev(proc: ChildProcess): Promise<number | null> {
  proc.kill('SIGTERM');
  return new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
}

describe('kev start on WhatsApp (a real process against crabline)', () => {
  it('answers the owner only, approves by number, handles a redelivery once and keeps the session over a restart', {
    timeout: 90_000,
  }, async () => {
    const dataDir = tempDir('kev-wa-start-');
    fake = await startCrabline();
    const port = Number(new URL(fake.manifest.baseUrl).port);
    const accessToken = fake.manifest.accessToken;
    // Paired beforehand (as `kev whatsapp login` leaves it), with a review waiting in the outbox.
    const seed = openStore(join(dataDir, 'kev.db'));
    seedSession(seed.whatsapp, fake.manifest.selfJid);
    const chat = { platform: 'whatsapp', chatId: OWNER_JID };
    const task = seed.tasks.create({
      title: 'Compare vector databases',
      type: 'research',
      agent: 'Scout',
      ...chat,
    });
    seed.tasks.claim('worker', 60_000);
    const kev = new Kev({
      store: seed,
      policy: DEFAULT_POLICY,
      parser: { name: 'none', parse: async () => ({ kind: 'status' }) },
      draft: (text) => ({ title: text, body: text, type: 'research', agent: 'Scout' }),
      owners: {},
      configured: new Set(),
      timezone: 'UTC',
      budget: { dailyUsd: 5, taskUsd: 1 },
      maxMessageBytes: 1_000_000,
      log: silentLogger,
    });
    kev.notify(chat, reviewRequest(seed.tasks.complete(task.id, 'worker', 'Qdrant leads.')));
    seed.close();

    child = startKev(dataDir, fake.url);
    const f = fake;
    const review = await f.waitFor(
      () => f.sent.find((s) => s.text.includes(`Review #${task.id}`)),
      'the review',
      40_000,
    );
    expect(review.to).toBe(OWNER_JID);
    expect(review.text).toMatch(/\*1\* Approve · \*2\* Reject · \*3\* Revise/);

    await f.say('/help', { from: STRANGER_JID });
    await f.say('1');
    await f.waitFor(() => f.sent.find((s) => s.text.includes(`Approved #${task.id}`)), 'the approval');
    await f.say('/status', { messageId: 'REDELIVERED1' });
    await f.waitFor(
      () => f.sent.find((s) => /tasks?/i.test(s.text) && s !== review && !s.text.includes('Approved')),
      'the status',
    );
    expect(f.sent.every((s) => s.to === OWNER_JID)).toBe(true);
    expect(await stopKev(child)).toBe(0);
    await f.close();

    // A new server on the same address; the same process data, nothing seeded again.
    fake = await startCrabline({ port, accessToken });
    const g = fake;
    child = startKev(dataDir, g.url);
    await g.say('/status', { messageId: 'REDELIVERED1' });
    await g.say('/help', { messageId: 'AFTER1' });
    const answer = await g.waitFor(() => g.sent[0], 'the answer after the restart', 40_000);
    expect(answer.text).toMatch(/\/status/);
    await new Promise((r) => setTimeout(r, 500));
    expect(g.sent).toHaveLength(1);
    expect(await stopKev(child)).toBe(0);

    const store = openStore(join(dataDir, 'kev.db'));
    expect(store.tasks.get(task.id)?.state).toBe('done');
    store.close();
  });
});
