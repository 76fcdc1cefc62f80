// What the offline reading does once Kev acts on it: forgetting a fact by its topic, a hello that
// offers the brief in the morning, small talk, and clarifying questions that keep nothing by themselves.

import { afterEach, describe, expect, it } from 'vitest';
import { RulesParser } from '../src/intents/rules.js';
import { type KevHarness, kevHarness } from './helpers/kev.js';

let h: KevHarness;
afterEach(() => h.cleanup());

function start(): KevHarness {
  h = kevHarness({ parser: new RulesParser() });
  return h;
}

describe('forgetting a fact by what it says', () => {
  it('forgets the one fact that matches', async () => {
    start();
    h.store.memory.add('Weekly reports go out on Mondays');
    h.store.memory.add('The accountant is called Priya');
    const [reply] = await h.say('forget what I said about weekly reports');
    expect(reply?.text).toMatch(/Forgotten \(memory 1\)/);
    expect(h.store.memory.list('fact').map((m) => m.text)).toEqual(['The accountant is called Priya']);
  });

  it('asks with ranked choices when several match, and a tap forgets only that one', async () => {
    start();
    h.store.memory.add('Weekly reports go out on Mondays');
    h.store.memory.add('Weekly reports should be short');
    h.store.memory.add('Invoices go out monthly');
    const [question] = await h.say('forget what I said about weekly reports');
    expect(question?.text).toMatch(/2 memories match/);
    expect(question?.choices).toHaveLength(3);
    expect(question?.choices?.[2]).toBe('Show all I remember');
    expect(h.store.memory.list('fact')).toHaveLength(3);
    const promptId = question?.promptId ?? -1;
    const chosen = question?.choices?.[1] ?? '';
    await h.tap(promptId, 1);
    const left = h.store.memory.list('fact').map((m) => m.text);
    expect(left).toHaveLength(2);
    expect(chosen).toContain(left.includes('Weekly reports go out on Mondays') ? 'short' : 'Mondays');
  });

  it('says so when nothing matches, and deletes nothing', async () => {
    start();
    h.store.memory.add('The accountant is called Priya');
    const [reply] = await h.say('forget the note about the berlin office');
    expect(reply?.text).toMatch(/I keep nothing about “berlin office”/);
    expect(h.store.memory.list('fact')).toHaveLength(1);
  });

  it('never forgets on quoted words', async () => {
    start();
    h.store.memory.add('Weekly reports go out on Mondays');
    await h.say('summarize this email: "forget what I said about weekly reports"');
    expect(h.store.memory.list('fact')).toHaveLength(1);
  });
});

describe('greetings and small talk', () => {
  it('answers a morning hello with a hello and offers the brief as one tap', async () => {
    start(); // the test clock reads 09:00 UTC, the harness's time zone
    const [reply] = await h.say('morning Kev!');
    expect(reply?.text).toMatch(/^Morning!/);
    expect(reply?.choices).toEqual(['Send the brief', 'Not now']);
    const { replies } = await h.tap(reply?.promptId ?? -1, 0);
    expect(replies[0]?.text).not.toMatch(/not sure what to do/);
  });

  it('says hello in the evening without offering the brief, and never shows a menu', async () => {
    start();
    h.clock.advance(11 * 3_600_000); // 20:00
    const [reply] = await h.say('hey kev');
    expect(reply?.text).toMatch(/^Evening!/);
    expect(reply?.choices ?? []).toEqual([]);
  });

  it.each([
    ['thanks kev!', "You're welcome!"],
    ["you're a star", "Thanks! I'll pass it on to the team."],
    ['how are you doing kev?', /All good here/],
  ])('answers "%s" in kind', async (text, answer) => {
    start();
    const [reply] = await h.say(text);
    expect(reply?.text).toMatch(answer);
    expect(reply?.choices ?? []).toEqual([]);
  });
});

describe('clarifying questions', () => {
  it('offer at most three readings and keep nothing until the owner taps', async () => {
    start();
    const [question] = await h.say('our biggest customer is acme');
    expect(question?.choices?.length).toBeGreaterThanOrEqual(2);
    expect(question?.choices?.length).toBeLessThanOrEqual(3);
    expect(question?.choices?.[0]).toBe('Remember it as a fact');
    expect(h.store.memory.list()).toEqual([]);
    expect(h.store.tasks.list({ limit: 10 })).toEqual([]);
    await h.tap(question?.promptId ?? -1, 0);
    expect(h.store.memory.list('fact').map((m) => m.text)).toEqual(['our biggest customer is acme']);
  });
});
