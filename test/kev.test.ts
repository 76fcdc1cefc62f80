import { afterEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/kev/commands.js';
import { reviewRequest } from '../src/kev/review.js';
import { DeliveryError } from '../src/ports/chat.js';
import { type KevHarness, kevHarness, ScriptedParser } from './helpers/kev.js';

let h: KevHarness;
afterEach(() => h?.cleanup());

function toReview(title = 'Compare vector databases') {
  const task = h.store.tasks.create({
    title,
    type: 'research',
    agent: 'Scout',
    platform: 'memory',
    chatId: 'c1',
  });
  h.store.tasks.claim('w', 60_000);
  const done = h.store.tasks.complete(task.id, 'w', 'Qdrant, Weaviate and pgvector lead.');
  h.kev.notify({ platform: 'memory', chatId: 'c1' }, reviewRequest(done));
  return done;
}

describe('Kev core', () => {
  it.each(COMMANDS.map((c) => c.name))('answers /%s with one clear reply and no crash', async (name) => {
    h = kevHarness();
    const replies = await h.say(`/${name}`);
    expect(replies.length).toBeGreaterThanOrEqual(1);
    expect(replies[0]?.text).not.toMatch(/went wrong/);
  });

  it('generates /help from the command table', async () => {
    h = kevHarness();
    const [help] = await h.say('/help');
    for (const command of COMMANDS) expect(help?.text).toContain(`/${command.name}`);
  });

  it('queues a task with /task and shows it in /queue and /show', async () => {
    h = kevHarness();
    const [queued] = await h.say('/task research the best open-source vector databases');
    expect(queued?.text).toMatch(/Queued #1 · research for Scout/);
    const [queue] = await h.say('/queue');
    expect(queue?.text).toContain('#1 research · Scout · ready');
    const [show] = await h.say('/show 1');
    expect(show?.text).toContain('History:');
  });

  it('answers bad input with one clear sentence', async () => {
    h = kevHarness();
    expect((await h.say('/show abc'))[0]?.text).toMatch(/“abc” is not a task number/);
    expect((await h.say('/show 99'))[0]?.text).toMatch(/There is no task #99/);
    expect((await h.say('/approve'))[0]?.text).toMatch(/needs a task number/);
    expect((await h.say('/frobnicate'))[0]?.text).toMatch(/I don't know \/frobnicate/);
    expect((await h.say('   '))[0]?.text).toMatch(/empty message/);
    expect((await h.say('/queue sideways'))[0]?.text).toMatch(/not a task state/);
    await h.say('/task research things');
    expect((await h.say('/approve 1'))[0]?.text).toMatch(/ready, not waiting for review/);
    expect(h.store.tasks.get(1)?.state).toBe('ready');
  });

  it('keeps a 100 KB message whole as the task body and keeps replies short', async () => {
    h = kevHarness({
      parser: new ScriptedParser((text) => ({
        kind: 'new_task',
        tasks: [{ title: 'Summarise the pasted log', body: text, type: 'summarize', agent: 'Scout' }],
      })),
    });
    const big = `summarise this log\n${'x'.repeat(100 * 1024)}`;
    const [reply] = await h.say(big);
    expect(h.store.tasks.get(1)?.body).toHaveLength(big.length);
    expect(reply?.text.length).toBeLessThan(600);
  });

  it('refuses a message over the size limit and saves nothing of it', async () => {
    h = kevHarness({ maxMessageBytes: 10_000 });
    const [reply] = await h.say('y'.repeat(20_000));
    expect(reply?.text).toMatch(/I take up to 10 KB/);
    expect(h.store.tasks.list()).toHaveLength(0);
    const logged = h.store.conversation.recent('memory', 'c1').find((m) => m.direction === 'in');
    expect(logged?.text.length).toBeLessThan(300);
  });

  it('handles a redelivered message only once', async () => {
    h = kevHarness();
    await h.say('/task research a', 'same-id');
    const second = await h.say('/task research a', 'same-id');
    expect(second).toHaveLength(0);
    expect(h.store.tasks.list()).toHaveLength(1);
  });

  it('handles a message recorded before a crash but never answered', async () => {
    h = kevHarness();
    h.store.conversation.recordInbound({
      platform: 'memory',
      chatId: 'c1',
      userId: 'owner',
      externalId: 'crash-1',
      text: '/status',
    });
    const replies = await h.say('/status', 'crash-1');
    expect(replies).toHaveLength(1);
  });

  it('drops strangers and group chats without answering or storing', async () => {
    h = kevHarness({ owners: ['42'] });
    await h.kev.handle({
      platform: 'memory',
      chatId: 'c9',
      userId: '666',
      messageId: 's1',
      kind: 'text',
      text: '/status',
    });
    await h.kev.handle({
      platform: 'memory',
      chatId: 'g1',
      userId: '42',
      chatType: 'group',
      messageId: 's2',
      kind: 'text',
      text: '/status',
    });
    await h.delivery.drain();
    expect(h.transport.sent).toHaveLength(0);
    expect(h.store.conversation.recent('memory', 'c9')).toHaveLength(0);
    expect((await h.say('/status'))[0]?.text).toMatch(/Kev is running/);
  });

  it('approves a review by a tap, edits the request, and refuses a second tap', async () => {
    h = kevHarness();
    const task = toReview();
    await h.delivery.drain();
    const request = h.transport.last();
    expect(request.choices).toEqual(['Approve', 'Reject', 'Revise']);
    const first = await h.tap(request.promptId!, 0);
    expect(first.toast).toBe(`Approved #${task.id}`);
    expect(h.store.tasks.get(task.id)?.state).toBe('done');
    const edit = h.transport.edits.at(-1);
    expect(edit?.message.text).toContain(`→ Approved #${task.id}`);
    expect(edit?.message.choices).toBeUndefined();
    const second = await h.tap(request.promptId!, 1);
    expect(second.toast).toBe('Already decided: Approve.');
    expect(h.store.tasks.get(task.id)?.state).toBe('done');
    expect(h.store.memory.list('decision').map((m) => m.text)).toEqual([`approved #${task.id}`]);
  });

  it('asks for notes on Revise and sends the task back with them', async () => {
    h = kevHarness();
    const task = toReview();
    await h.delivery.drain();
    const { replies } = await h.tap(h.transport.last().promptId!, 2);
    expect(replies[0]?.text).toMatch(/What should change/);
    const [ack] = await h.say('make it shorter and cite sources');
    expect(ack?.text).toContain('make it shorter and cite sources');
    expect(h.store.tasks.get(task.id)).toMatchObject({
      state: 'ready',
      note: 'make it shorter and cite sources',
    });
  });

  it('closes the buttons of a review decided by a typed command', async () => {
    h = kevHarness();
    const task = toReview();
    await h.delivery.drain();
    const promptId = h.transport.last().promptId!;
    await h.say(`/reject ${task.id} too shallow`);
    expect(h.store.tasks.get(task.id)).toMatchObject({ state: 'failed', note: 'too shallow' });
    expect(h.transport.edits.at(-1)?.message.text).toContain(`Rejected #${task.id}: too shallow`);
    expect((await h.tap(promptId, 0)).toast).toMatch(/Already decided/);
  });

  it('drafts a consequential task in backlog and asks to confirm', async () => {
    h = kevHarness({
      parser: new ScriptedParser((text) => ({
        kind: 'new_task',
        tasks: [{ title: text, body: text, type: 'devops', agent: 'Forge' }],
      })),
    });
    const [draft] = await h.say('deploy the landing page to production');
    expect(draft?.choices).toEqual(['Confirm', 'Cancel']);
    expect(h.store.tasks.get(1)?.state).toBe('backlog');
    await h.tap(draft!.promptId!, 0);
    expect(h.store.tasks.get(1)?.state).toBe('ready');
  });

  it('resolves "approve it" style references through the focused task', async () => {
    const parser = new ScriptedParser(() => ({ kind: 'chat', question: '?' }));
    h = kevHarness({ parser });
    const task = toReview();
    await h.say(`/show ${task.id}`);
    const seen: Array<number | undefined> = [];
    h.kev['options'].parser = {
      name: 'probe',
      parse: async (_text, context) => {
        seen.push(context.lastTaskId);
        return { kind: 'status' };
      },
    };
    await h.say('ship it');
    expect(seen).toEqual([task.id]);
  });

  it('remembers, lists and forgets facts for real', async () => {
    h = kevHarness();
    expect((await h.say('/remember I prefer short briefs'))[0]?.text).toMatch(/Noted \(memory 1\)/);
    expect((await h.say('/memory'))[0]?.text).toContain('1. I prefer short briefs');
    await h.say('/forget 1');
    expect(h.store.memory.list()).toHaveLength(0);
    expect((await h.say('/forget 1'))[0]?.text).toMatch(/There is no memory 1/);
  });

  it('pauses and resumes', async () => {
    h = kevHarness();
    await h.say('/pause');
    expect((await h.say('/status'))[0]?.text).toMatch(/paused/);
    await h.say('/resume');
    expect((await h.say('/status'))[0]?.text).toMatch(/Kev is running/);
  });
});

describe('outbox delivery', () => {
  it('retries a failing transport and delivers each message once, in order', async () => {
    h = kevHarness();
    h.transport.failures = [new DeliveryError('Bot API is down', 'retry'), new Error('socket hang up')];
    await h.kev.handle({
      platform: 'memory',
      chatId: 'c1',
      userId: 'owner',
      messageId: 'o1',
      kind: 'text',
      text: '/help',
    });
    await h.kev.handle({
      platform: 'memory',
      chatId: 'c1',
      userId: 'owner',
      messageId: 'o2',
      kind: 'text',
      text: '/status',
    });
    for (let i = 0; i < 50 && h.transport.sent.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    await h.delivery.drain();
    const texts = h.transport.texts();
    expect(texts).toHaveLength(2);
    expect(texts[0]).toMatch(/Tell me what you need/);
    expect(texts[1]).toMatch(/Kev is running/);
    expect(h.store.outbox.countPending()).toBe(0);
  });

  it('parks a message the platform refuses for good', async () => {
    h = kevHarness();
    h.transport.failures = [new DeliveryError('Forbidden: bot was blocked by the user', 'permanent')];
    await h.say('/help');
    expect(h.transport.sent).toHaveLength(0);
    expect(h.store.outbox.countPending()).toBe(0);
    expect(h.store.outbox.get(1)).toMatchObject({
      deliveredAt: null,
      lastError: 'Forbidden: bot was blocked by the user',
    });
    expect(h.store.outbox.get(1)?.parkedAt).not.toBeNull();
  });

  it('honours retry-after before trying again', async () => {
    h = kevHarness();
    h.transport.failures = [new DeliveryError('Too Many Requests', 'retry', 60_000)];
    await h.say('/help');
    expect(h.transport.sent).toHaveLength(0);
    const [row] = h.store.outbox.pending('memory');
    expect(row?.nextAttemptAt).toBeGreaterThan(Date.now() + 50_000);
    expect(row?.lastError).toBe('Too Many Requests');
  });
});

describe('crash recovery of inbound messages', () => {
  it('replays updates recorded but never handled, once', async () => {
    h = kevHarness();
    h.store.conversation.recordInbound({
      platform: 'memory',
      chatId: 'c1',
      userId: 'owner',
      externalId: 'u1',
      text: '/task research crash safety',
    });
    expect(await h.kev.replayUnhandled('memory')).toBe(1);
    expect(await h.kev.replayUnhandled('memory')).toBe(0);
    expect(h.store.tasks.list()).toHaveLength(1);
  });
});

describe('memory recall', () => {
  it('finds facts by relevance and forgets for real, index included', async () => {
    h = kevHarness();
    const { memory } = h.store;
    memory.add('I prefer short briefs in the morning');
    const coda = memory.add('Coda is our note-taking app for teams');
    memory.add('Invoices are due on the 5th');
    expect(memory.search('what about the note-taking apps?').map((m) => m.id)).toEqual([coda.id]);
    expect(memory.search('"); drop table memory; --')).toEqual([]);
    memory.remove(coda.id);
    expect(memory.search('note-taking')).toEqual([]);
  });
});

describe('ordering', () => {
  it('reads texts of one chat in order even when the first parse is slow, and lets a tap through', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const order: string[] = [];
    h = kevHarness({
      parser: {
        name: 'gated',
        parse: async (text) => {
          if (text === 'first') await gate;
          order.push(text);
          return { kind: 'remember', fact: text };
        },
      },
    });
    const task = toReview();
    await h.delivery.drain();
    const promptId = h.transport.last().promptId!;
    const base = { platform: 'memory', chatId: 'c1', userId: 'owner' };
    const first = h.kev.handle({ ...base, messageId: 'o1', kind: 'text', text: 'first' });
    const second = h.kev.handle({ ...base, messageId: 'o2', kind: 'text', text: 'second' });
    const tap = await h.kev.handle({ ...base, messageId: 'tap', kind: 'choice', promptId, index: 0 });
    expect(tap.toast).toBe(`Approved #${task.id}`);
    expect(order).toEqual([]);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
    expect(h.store.memory.list('fact').map((m) => m.text)).toEqual(['first', 'second']);
  });
});
