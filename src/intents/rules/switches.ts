// Pause and resume in any casual order of words: "hold off on everything until monday", "ok,
// everyone back to work", "let's pause for the night". Time, addressees, politeness and what is
// paused are peeled off; what is left must be a pause or a resume verb and nothing else, so
// "stop the server" or "continue the blog post" never flip the switch.

import type { Intent } from '../../ports/intents.js';

const DAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const TIME = new RegExp(
  `\\b(?:for|until|till|til|through|over|during)\\s+(?:now|a (?:bit|while|sec|second|minute|moment|day|few (?:hours|days))|today|tonight|tomorrow|the (?:day|night|evening|weekend|rest of the day|time being|holidays?)|this weekend|(?:next )?${DAY}|next week|further notice|i say so|i'?m back|i get back|(?:the )?morning|an hour)\\b|\\b(?:today|tonight|tomorrow|right now|for now|this weekend|now|then|again now)\\b`,
  'g',
);
const ADDRESSEES = /\b(?:everyone|everybody|all of you|team|guys|folks|y'?all|kev|agents,)\b/g;
const POLITE =
  /^(?:(?:ok|okay|right|alright|all right|so|and|please|pls|can you|could you|you can|we can|let'?s|lets|i want you to|go ahead and|just|hang on|hold on|wait|great|good|cool|all good|we'?re (?:good|fine|ok|okay|clear)(?: now)?)[\s,]+)+/;
const TRAILING = /(?:[\s,]+(?:please|pls|thanks|thank you|for me|kev))+$/;
const TARGET =
  /\b(?:on |with )?(?:everything|all (?:the )?(?:work|tasks|agents|jobs|bots)|all work|the work|work|the tasks|tasks|the queue|queue|the agents|agents|the team|the factory|factory|it all|things|stuff|the bots|bots|operations)\b/g;

const PAUSE = /^(?:pause|hold|hold off|hold it|freeze|halt|stop|take a break|no more|no new|stand down)$/;
const RESUME =
  /^(?:resume|unpause|un-pause|unfreeze|continue|carry on|keep going|go on|start again|start working again|get going(?: again)?|get back to|back to|back at it|back to it|back on it|go again|restart|start back up|proceed|start up again)$/;

/** Longer than this many words, a message says more than "pause" or "resume". */
const SWITCH_WORDS = 12;

export function readSwitch(core: string): Intent | undefined {
  const text = core
    .toLowerCase()
    .replace(/[!?.;:]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text || text.split(' ').length > SWITCH_WORDS) return undefined;
  const rest = text
    .replace(TIME, ' ')
    .replace(ADDRESSEES, ' ')
    .replace(TARGET, ' ')
    .replace(/\s*,\s*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(POLITE, '')
    .replace(TRAILING, '')
    .trim();
  if (PAUSE.test(rest)) return { kind: 'pause' };
  if (RESUME.test(rest)) return { kind: 'resume' };
  return undefined;
}
