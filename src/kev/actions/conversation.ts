// Memory, control switches and the plain conversational answers (help, start, chat, clarify).

import { formatTime } from '../../ports/clock.js';
import { matchingTasks } from '../chat-facts.js';
import { helpText } from '../commands.js';
import { excerpt, taskLine } from '../format.js';
import { forgetAbout } from './forget-about.js';
import { greet } from './greeting.js';
import type { Action } from './types.js';
import { say } from './types.js';

export const remember: Action<'remember'> = (intent, ctx) => {
  if (intent.reminder) {
    const row = ctx.store.memory.add(intent.fact, 'reminder');
    return say(`I'll remind you in every brief until you /forget ${row.id}: ${excerpt(intent.fact, 200)}`);
  }
  const row = ctx.store.memory.add(intent.fact);
  return say(`Noted (memory ${row.id}): ${excerpt(intent.fact, 200)}`);
};

export const forget: Action<'forget'> = (intent, ctx) => {
  if ('about' in intent) return forgetAbout(intent.about, ctx);
  return ctx.store.memory.remove(intent.memoryId)
    ? say(`Forgotten: memory ${intent.memoryId} is deleted.`)
    : say(`There is no memory ${intent.memoryId}. /memory lists them.`);
};

export const memory: Action<'memory'> = (_intent, ctx) => {
  const facts = ctx.store.memory.list('fact');
  const reminders = ctx.store.memory.list('reminder');
  const decisions = ctx.store.memory.list('decision').slice(-5);
  const lines = facts.length
    ? ['What I remember:', ...facts.map((m) => `${m.id}. ${excerpt(m.text, 200)}`)]
    : ['I keep no facts yet. Say “remember that …” or /remember <fact>.'];
  if (reminders.length)
    lines.push(
      '',
      'Reminders (in every brief):',
      ...reminders.map((m) => `${m.id}. ${excerpt(m.text, 200)}`),
    );
  if (decisions.length) {
    lines.push(
      '',
      'Recent decisions:',
      ...decisions.map((d) => `${formatTime(d.createdAt, ctx.timezone)} ${d.text}`),
    );
  }
  if (facts.length || reminders.length) lines.push('', '/forget <number> deletes one.');
  return say(lines.join('\n'));
};

export const pause: Action<'pause'> = (_intent, ctx) => {
  ctx.store.settings.set('paused', true);
  return say('Paused: no new task starts; running ones finish. /resume to go on.');
};

export const resume: Action<'resume'> = (_intent, ctx) => {
  ctx.store.settings.set('paused', false);
  return say('Resumed: queued tasks will start again.');
};

export const help: Action<'help'> = () => say(helpText());

export const start: Action<'start'> = (intent, ctx) =>
  intent.greeting !== undefined
    ? greet(ctx)
    : say(`Hi, I'm Kev. I turn what you ask into tasks for the team and report back.\n\n${helpText()}`);

/** Answers a question from the queue and memory, without creating anything. */
export const chat: Action<'chat'> = (intent, ctx) => {
  if (intent.answer) return say(intent.answer);
  const tasks = matchingTasks(ctx.store.tasks.list({ limit: 2000 }), intent.question, 5);
  const facts = ctx.store.memory.search(intent.question, 5);
  if (!tasks.length && !facts.length) {
    return say('I have nothing on that in the queue or in memory. /status shows what is going on.');
  }
  const lines: string[] = [];
  if (tasks.length) lines.push('From the queue:', ...tasks.map(taskLine));
  if (facts.length) lines.push('From memory:', ...facts.map((m) => `${m.id}. ${excerpt(m.text, 160)}`));
  return { replies: [{ text: lines.join('\n') }], focusTaskId: tasks.at(-1)?.id };
};

export const clarify: Action<'clarify'> = (intent) => ({
  replies: [{ text: intent.question, choices: intent.options }],
});
