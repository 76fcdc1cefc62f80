// Everyday words: yes/no answer the open question, thanks gets a one-line ack, "stop"/"abort"
// cancel the running task (never pause), obvious command aliases, several ids, did-you-mean.

import { afterEach, describe, expect, it } from 'vitest';
import { type KevHarness, kevHarness } from './helpers/kev.js';

let h: KevHarness;
afterEach(() => h?.cleanup());

function drafted(title: string) {
  const task = h.store.tasks.create({ title, type: 'research', agent: 'Scout', state: 'backlog' });
  h.kev.notify(
    { platform: 'memory', chatId: 'c1' },
    {
      text: `Drafted #${task.id}: ${title}`,
      choices: [
        { label: 'Confirm', intent: { kind: 'approve', taskId: task.id } },
        { label: 'Cancel', intent: { kind: 'cancel', taskId: task.id } },
      ],
    },
  );
  return task;
}

function running(title: string) {
  const task = h.store.tasks.create({ title, type: 'research', agent: 'Scout' });
  h.store.tasks.claim('w', 60_000);
  return task;
}

function inReview(title: string) {
  const task = running(title);
  return h.store.tasks.complete(task.id, 'w', 'a result');
}

describe('everyday words', () => {
  it.each([
    ['yes', 'ready', /^Confirmed #1/],
    ['confirm', 'ready', /^Confirmed #1/],
    ['ok', 'ready', /^Confirmed #1/],
    ['no', 'cancelled', /^Cancelled #1/],
  ])('"%s" answers the open Confirm question', async (word, state, reply) => {
    h = kevHarness();
    drafted('Research vector databases');
    await h.delivery.drain();
    const [answer] = await h.say(word);
    expect(answer?.text).toMatch(reply);
    expect(h.store.tasks.get(1)?.state).toBe(state);
  });

  it('never approves a review from a bare "ok" or "yes"', async () => {
    h = kevHarness();
    const task = inReview('Compare vector databases');
    h.kev.notify(
      { platform: 'memory', chatId: 'c1' },
      {
        text: `Review #${task.id}`,
        choices: [
          { label: 'Approve', intent: { kind: 'approve', taskId: task.id } },
          { label: 'Reject', intent: { kind: 'reject', taskId: task.id } },
        ],
      },
    );
    await h.delivery.drain();
    await h.say('ok');
    await h.say('yes');
    expect(h.store.tasks.get(task.id)?.state).toBe('review');
  });

  it('acknowledges thanks in one line', async () => {
    h = kevHarness();
    expect((await h.say('thanks!')).map((r) => r.text)).toEqual(["You're welcome!"]);
  });

  it('"abort" and "stop" cancel the one running task, never pause', async () => {
    h = kevHarness();
    running('Research vector databases');
    expect((await h.say('abort'))[0]?.text).toMatch(/^Cancelled #1/);
    expect(h.store.tasks.get(1)?.state).toBe('cancelled');
    expect(h.store.settings.get('paused')).not.toBe(true);
    expect((await h.say('stop'))[0]?.text).toMatch(/^Nothing is running.*\/pause/);
  });

  it('"stop" asks which when several run; /stop is the same word', async () => {
    h = kevHarness();
    running('Research vector databases');
    running('Research note apps');
    const [which] = await h.say('/stop');
    expect(which?.text).toBe('2 tasks are running. Which one should I stop?');
    expect(which?.choices).toEqual([
      'Cancel #1 Research vector databases',
      'Cancel #2 Research note apps',
      'Pause all work',
    ]);
    expect(h.store.tasks.list({ states: ['in_progress'] })).toHaveLength(2);
  });

  it('takes /tasks for /queue and suggests the command for a typo', async () => {
    h = kevHarness();
    await h.say('/task research vector databases');
    expect((await h.say('/tasks'))[0]?.text).toContain('#1 research · Scout · ready');
    expect((await h.say('/qeue'))[0]?.text).toBe(
      "I don't know /qeue. Did you mean /queue? /help lists what I can do.",
    );
  });

  it('/approve 1 2 decides both and says what it did with each', async () => {
    h = kevHarness();
    inReview('First');
    inReview('Second');
    h.store.tasks.create({ title: 'Third', type: 'research', agent: 'Scout' });
    const [reply] = await h.say('/approve 1 2 3');
    expect(reply?.text.split('\n')).toEqual([
      'Approved #1: First. It is done.',
      'Approved #2: Second. It is done.',
      'Task #3 is ready, not waiting for review: there is nothing to approve.',
    ]);
    expect(h.store.tasks.get(2)?.state).toBe('done');
  });
});
