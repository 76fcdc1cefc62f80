// The transport contract: one suite, run against every chat transport (a row per platform). Each
// case is something the owner relies on whatever the platform: only the owner is heard, strangers
// get nothing, a chat's texts are answered in order, choices are shown and answered, an update
// delivered twice is handled once, and a long text arrives whole, split or attached.

import { afterEach, describe, expect, it } from 'vitest';
import { reviewRequest } from '../../src/kev/review.js';
import type { Rig, RigRow } from './rig.js';

export function describeTransportContract(row: RigRow): void {
  describe(`transport contract: ${row.platform}`, () => {
    let rig: Rig | undefined;
    afterEach(async () => {
      await rig?.stop();
      rig = undefined;
    });
    const start = async (owner = true) => {
      rig = await row.start({ owner });
      return rig;
    };

    it('answers the owner', async () => {
      const r = await start();
      await r.ownerSays('remember the launch is on Friday');
      expect(r.seen().map((m) => m.text)).toEqual([
        expect.stringMatching(/^Noted \(memory 1\): the launch is on Friday$/),
      ]);
    });

    it('with no owner configured for the platform, admits nobody', async () => {
      const r = await start(false);
      await r.ownerSays('remember the launch is on Friday');
      expect(r.kev.handled.at(-1)?.result.handled).toBe(false);
      expect(r.seen()).toEqual([]);
      expect(r.kev.store.memory.list('fact')).toEqual([]);
    });

    it('gives strangers nothing, where the platform has strangers', async (ctx) => {
      const r = await start();
      if (!r.strangerSays || !r.strangerSeen)
        return ctx.skip('only the owner can reach Kev on this platform');
      await r.strangerSays('remember to wire me the money');
      // Dropped by Kev (handled: false), or before Kev by the transport (WhatsApp): never handled.
      expect(r.kev.handled.filter((h) => h.result.handled)).toEqual([]);
      expect(r.strangerSeen()).toEqual([]);
      expect(r.seen()).toEqual([]);
      expect(r.kev.store.memory.list('fact')).toEqual([]);
    });

    it("answers a chat's texts in the order they were sent", async () => {
      const r = await start();
      const facts = ['one', 'two', 'three', 'four', 'five'].map((n) => `remember fact ${n}`);
      await r.ownerSaysAll(facts);
      expect(r.seen().map((m) => m.text.replace(/^Noted \(memory \d+\): /, ''))).toEqual(
        facts.map((f) => f.replace('remember ', '')),
      );
    });

    it('shows choices and takes the answer', async () => {
      const r = await start();
      // A bot may write first only to someone who has written to it (Telegram's rule).
      await r.ownerSays('remember hello');
      const { store } = r.kev;
      const created = store.tasks.create({
        title: 'Compare vector databases',
        type: 'research',
        agent: 'Scout',
        ...r.chat,
      });
      store.tasks.claim('worker', 60_000);
      const task = store.tasks.complete(created.id, 'worker', 'Qdrant, Weaviate and pgvector lead.');
      r.kev.kev.notify(r.chat, reviewRequest(task));
      await r.kev.delivery.drain();
      expect(r.seen().at(-1)?.choices).toEqual(['Approve', 'Reject', 'Revise']);
      await r.choose('Approve');
      expect(store.tasks.get(task.id)?.state).toBe('done');
      expect(r.seen().some((m) => m.text.startsWith(`Approved #${task.id}`))).toBe(true);
    });

    it('handles an update delivered twice once', async () => {
      const r = await start();
      await r.ownerSays('remember the launch is on Friday');
      const first = r.kev.handled.at(-1)!;
      const again = await r.kev.again(first.incoming);
      await r.kev.delivery.drain();
      expect(again.handled).toBe(false);
      expect(r.seen()).toHaveLength(1);
      expect(r.kev.store.memory.list('fact')).toHaveLength(1);
    });

    it('delivers a long text whole: split under the platform limit, or attached', async () => {
      const r = await start();
      await r.ownerSays('remember hello');
      const before = r.seen().length;
      const lines = Array.from({ length: 400 }, (_, i) => `line ${i + 1} of the weekly report`);
      r.kev.kev.notify(r.chat, { text: lines.join('\n') });
      await r.kev.delivery.drain();
      const seen = r.seen().slice(before);
      expect(seen.length).toBeGreaterThan(0);
      for (const m of seen) expect(m.text.length).toBeLessThanOrEqual(r.maxChars);
      const shown = seen.map((m) => m.text).join('\n');
      if (!seen.some((m) => m.document)) for (const line of lines) expect(shown).toContain(line);

      const created = r.kev.store.tasks.create({
        title: 'Write the report',
        type: 'research',
        agent: 'Scout',
        ...r.chat,
      });
      r.kev.store.tasks.claim('worker', 60_000);
      const long = r.kev.store.tasks.complete(created.id, 'worker', 'x'.repeat(20_000));
      const shownBefore = r.seen().length;
      r.kev.kev.notify(r.chat, reviewRequest(long));
      await r.kev.delivery.drain();
      const review = r.seen().slice(shownBefore);
      expect(review.map((m) => m.document?.filename).filter(Boolean)).toEqual([`task-${long.id}-result.txt`]);
      for (const m of review) expect(m.text.length).toBeLessThanOrEqual(r.maxChars);
    });
  });
}
