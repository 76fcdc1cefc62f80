// Command rows in casual words: forgetting a fact by its topic, the brief asked by time ("what
// happened while I was asleep?"), pausing and resuming ("hold everything for now", "ok, back to
// work") and listing memory. Whole-message rows like the rest of the command table.

import { type CommandRule, whole } from './command-rule.js';

/** A task reference: such a message is about a task ("forget about task 27, cancel it"), not a fact. */
const NO_TASK = '(?!.*(?:\\b(?:task|job)\\s*#?\\s*\\d|#\\d))';
const TOPIC = '(?:the |my |our |that )?(.{2,80}?)';
const SAID =
  '(?:what |everything |all |the stuff |the things? )?(?:i|we) (?:said|told you|mentioned|wrote|noted|asked you to remember)';
const THING = '(?:the |that |this )?(?:thing|note|fact|memory|bit|part|stuff|info|detail)s?';

/** "the weekly reports" → "weekly reports". */
function topic(raw: string | undefined): string {
  return (raw ?? '')
    .replace(/^(?:the|my|our|that|me|us)\s+/i, '')
    .replace(/[\s,.;:!?]+(?:please|pls|thanks|thx)?$/i, '')
    .trim();
}

const WHEN =
  "(?: (?:for now|for a bit|for a while|for today|for the day|for the night|till tomorrow|until tomorrow|until (?:i say so|further notice|i(?: a|')m back|monday|morning)|till i(?: a|')m back|till i say so))?";
/** A trailing reason after a pause: ", I need to check the budget". */
const BECAUSE = '(?:[,.;-]+\\s*(?:i|we|because|since|while|until|till|gotta|need to)\\b.{0,80})?';
const HOLD_ON = '(?:(?:hang on|hold on|wait|whoa|woah|ok|okay|right)[,.!]*\\s+)?';
/** What a pause or a resume applies to: "all agents", "the queue", "everything". */
const TARGET =
  '(?:(?:all|the|every|of the|my|our)\\s+){0,2}(?:agents?|work|queue|factory|team|bots|tasks|jobs|everything|everyone|it all|things|stuff|operations)';
const EVERYONE = "(?:,? (?:everyone|everybody|all|team|guys|y'?all|folks))?";
const PAUSE_CORE = [
  `(?:pause|hold|freeze|halt|stop) ${TARGET}`,
  'pause',
  `put ${TARGET} on hold`,
  '(?:everyone|everybody|all of you|team|agents),? (?:stop|take a break|stand down|pause|hold)',
  `take a break${EVERYONE}`,
  'stop (?:all work|everything|working|starting (?:new )?(?:stuff|tasks|work|things|anything)|new (?:work|tasks))',
  "(?:nobody|no one|don'?t|do not) start (?:anything|any (?:new )?(?:tasks|work))(?: new)?",
  'no new (?:tasks|work)',
].join('|');
const RESUME_CORE = [
  'resume(?: (?:all|everything|work|working|the queue|the factory|the agents|operations))?',
  "(?:you can |ok to |feel free to |let'?s )?(?:start again|start back up|carry on|continue|go on|keep going|get going(?: again)?|get back to (?:it|work)|go again)",
  `(?:everyone|everybody|all|y'?all|team)?,? ?back (?:to work|at it|on it|to it)${EVERYONE}`,
  `(?:resume|unpause|unfreeze|restart|continue) ${TARGET}`,
  `(?:continue|keep going|carry on)${EVERYONE}`,
  "we'?re (?:good|fine|ok|okay|clear)(?: now| again)?,? (?:resume|continue|carry on|go ahead|back to work|you can (?:continue|resume|start again))(?: work)?",
  'unpause|un-pause|unfreeze',
].join('|');

export const CASUAL_COMMANDS: CommandRule[] = [
  {
    kind: 'forget',
    patterns: whole(
      `${NO_TASK}(?:(?:you can|please|pls|just) )?(?:forget|scratch|drop|disregard|never ?mind|ignore|delete|remove|erase|bin) ${SAID} (?:about|re|regarding|on) ${TOPIC}`,
      `${NO_TASK}(?:(?:you can|please|pls|just) )?(?:forget|drop|delete|remove|erase|scratch|bin) ${THING} (?:about|on|re|regarding) ${TOPIC}`,
      `${NO_TASK}(?:(?:you can|please|pls|just) )?forget (?:what|everything|all) you (?:know|remember|have) (?:about|on) ${TOPIC}`,
      `${NO_TASK}(?:(?:you can|please|pls|just) )?forget (?:that|about) (?!(?:it|that|this)$)${TOPIC}`,
      `${NO_TASK}(?:that|the) (?:thing|note|bit|fact|stuff|part) (?:about|on) ${TOPIC},? (?:is(?:n'?t| not| no longer) (?:true|right|valid|relevant|the case)(?: any ?more)?|is (?:wrong|outdated|old news|out of date)),? (?:so )?(?:forget|drop|delete|scratch|bin) it`,
    ),
    build: (match) => ({ kind: 'forget', about: topic(match[1]) }),
  },
  {
    kind: 'memory',
    patterns: whole(
      'what (?:have you got|do you have|have you|did you) (?:saved|stored|noted|written down|in memory|remembered)',
      "(?:list|show|tell)(?: me)? (?:everything|all|what) (?:you know|you remember|you(?:'ve| have) (?:saved|stored|noted))",
      'what do you know about (?:me|us|the company|my business|the business)',
    ),
    build: () => ({ kind: 'memory' }),
  },
  {
    kind: 'brief',
    patterns: whole(
      "(?:what|what'?s|anything)(?: (?:has|have|did|else))? (?:happen(?:ed)?|go(?:ne)? on|went on|change[d]?|new)(?: (?:here|with the team|with the agents))? (?:overnight|last night|while i was (?:away|out|asleep|sleeping|gone|off|offline|on holiday|on vacation)|since (?:yesterday|last night|this morning|i left|i was last here|friday|monday|tuesday|wednesday|thursday|saturday|sunday|last week|the weekend)|over the weekend|this weekend|today|yesterday)",
      'what did (?:i|we) miss(?: (?:while i was|when i was|since|overnight|today|yesterday).{0,30})?',
      "what did (?:the team|everyone|the agents|you all|y'?all|you guys|you) (?:get done|do|finish|ship|accomplish|get through)(?: (?:today|overnight|yesterday|this week|last night|while i was \\w+))?",
      "(?:(?:just woke up|just got up|back from .{1,40}|i'?m back|i was (?:out|away|offline|busy|off|asleep)(?: .{0,30})?|i'?ve been (?:offline|away|out|off|gone|busy)(?: .{0,40})?|been away(?: .{0,30})?)[,.!;-]*\\s+)(?:so )?(?:what'?s new|what'?s the news|what'?s up|fill me in|catch me up|bring me up to speed|what did i miss|what'?d i miss|anything new|what happened)",
      'catch me up on .{1,40}',
      "(?:what'?s the news|bring me up to speed|give me the (?:highlights|headlines))(?: (?:from )?(?:overnight|today|this morning|yesterday))?",
    ),
    build: () => ({ kind: 'brief' }),
  },
  {
    kind: 'pause',
    patterns: whole(`${HOLD_ON}(?:${PAUSE_CORE})${WHEN}${BECAUSE}`),
    build: () => ({ kind: 'pause' }),
  },
  {
    kind: 'resume',
    patterns: whole(
      `${HOLD_ON}(?:alright|all good|good|great|cool)?[,.!]*\\s*(?:${RESUME_CORE})(?: now| again)?`,
    ),
    build: () => ({ kind: 'resume' }),
  },
];
