// The short soak: a few hundred owner messages and their tasks through Kev as a child process and
// the fakes, then the db is whole (integrity, foreign keys) and every table grew in proportion to
// the work, nothing left undelivered. `npm run soak` is the long one (10,000 messages, 1,000 tasks).

import { describe, expect, it } from 'vitest';
import { runSoak } from './helpers/soak.js';

describe('soak (short)', () => {
  it('keeps the db whole and its tables bounded by the work done', { timeout: 180_000 }, async () => {
    const report = await runSoak({ messages: 150, taskEvery: 10, chats: 30, timeoutMs: 150_000 });
    console.log(`soak: ${JSON.stringify(report)}`);
    expect(report.integrity).toBe('ok');
    expect(report.foreignKeyProblems).toBe(0);
    expect(report.undelivered).toBe(0);
    // Every task settled (a model call the loaded box lets time out can fail one after its attempts).
    expect(report.open).toBe(0);
    const work = report.messages + report.tasks;
    // One inbound row per message and tap, one outbound per reply: linear in the work, nothing per poll or per retry.
    expect(report.rows.messages).toBeLessThanOrEqual(4 * work);
    expect(report.rows.outbox).toBeLessThanOrEqual(3 * work);
    expect(report.rows.prompts).toBeLessThanOrEqual(report.tasks + 5);
    expect(report.rows.settings).toBeLessThanOrEqual(30 + 10);
    expect(report.rows.agent_runs).toBeLessThanOrEqual(4 * work);
  });
});
