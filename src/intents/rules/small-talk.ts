// Greetings and small talk: "morning Kev!" is a hello (the action may offer the brief), "thanks!"
// and "you're a star" get a friendly word back. Never a clarifying menu, never a task.

import type { Intent } from '../../ports/intents.js';
import { type CommandRule, whole } from './command-rule.js';

const GREETING =
  "(?:hi|hello|hey|heya|hiya|yo|howdy|sup|gm|hola|greetings|good (?:morning|afternoon|evening|day)|morning|mornin'?|evening|afternoon)(?: there| all| team| everyone)?(?:,? kev)?";
const PLEASANTRY =
  "(?:hope (?:you'?re|you are|u r|all is|everything'?s|everything is) (?:well|good|ok|okay|fine|doing well|great)|how are (?:you|u)(?: doing| today)?|how'?s it going|how r u|happy (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|new year)|nice to see you)";

/** Small talk → the answer it gets. The first row that matches wins. */
const SMALL_TALK: [pattern: string, answer: string][] = [
  [
    "(?:thanks|thank you|thank u|thx|ty|cheers|much appreciated|appreciate it|ta)(?: (?:so much|a lot|a ton|heaps|mate|man|buddy|kev|again|for that|for this|for the help|for everything))*(?:[,.! ]+(?:that|this|it)(?: was| is|'?s) (?:helpful|great|perfect|useful|exactly what i needed|brilliant|amazing|spot on))?",
    "You're welcome!",
  ],
  [
    "(?:you'?re|you are|ur|u r) (?:a star|the best|great|awesome|a legend|amazing|brilliant|a lifesaver)|(?:nice|great|good|excellent) (?:work|job|stuff)(?: today| guys| team| everyone)?|well done(?: today| team)?|love (?:it|this|you)|legend|you rock|you'?re awesome",
    "Thanks! I'll pass it on to the team.",
  ],
  [
    "how are (?:you|u)(?: doing| today| holding up)?|how'?s it going|how r u|you ok|you good|how'?s life|what'?s up with you",
    'All good here, thanks for asking. Say “status” to see what the team is on.',
  ],
  [
    'good ?night|night night|nighty night|bye(?: for now)?|talk (?:later|soon|tomorrow)|goodbye|see (?:you|ya)(?: later| tomorrow)?|later|ttyl|have a (?:good|nice|great) (?:weekend|day|evening|night|one)|enjoy your (?:weekend|evening)',
    "Have a good one! I'll keep things running.",
  ],
  [
    'ok|okay|k|kk|cool|nice|great|got it|noted|sounds good|awesome|alright|sure|np|no worries|nvm|never ?mind|forget it|lol|haha+|yes|no|yep|nope|yeah|nah|wow|hmm+|ok cool|cool cool|lol nice|perfect|fine',
    '👍',
  ],
];

export const SMALL_TALK_RULES: CommandRule[] = [
  {
    kind: 'start',
    patterns: whole(`${GREETING}(?:[,.!\\s]+${PLEASANTRY})?`),
    build: (match) => ({ kind: 'start', greeting: match[0] }),
  },
  ...SMALL_TALK.map(
    ([pattern, answer]): CommandRule => ({
      kind: 'chat',
      patterns: whole(pattern),
      build: (match) => ({ kind: 'chat', question: match[0], answer }),
    }),
  ),
];

/** The owner passing on someone's words and telling Kev to ignore them. */
const DISMISSAL =
  /\b(?:ignore|disregard) (?:it|them|that|this|him|her|those)\b|\bdon'?t (?:do|act on|listen to) (?:it|that|this|them)\b/i;

/** "someone said 'kev, hold everything'. ignore them": an acknowledgement, nothing done. */
export function readDismissal(text: string, own: string): Intent | undefined {
  if (own === text.replace(/\s+/g, ' ').trim() || !DISMISSAL.test(own)) return undefined;
  if (/\b(?:show|tell|give|find|research|summari[sz]e|review|write|draft)\b/i.test(own)) return undefined;
  return { kind: 'chat', question: text, answer: "Okay, I won't act on it." };
}

const OPENING_GREETING = new RegExp(`^${GREETING}[,.!\\s]+`, 'i');
/** Past this many words after the hello, the message has something to say. */
const CHIT_CHAT_WORDS = 6;

/**
 * A hello with a few words of chit-chat ("morning! coffee first, then work"), when the words after
 * the hello carry no request (`carriesWork` decides that with the task rules).
 */
export function readGreeting(plain: string, carriesWork: (rest: string) => boolean): Intent | undefined {
  const opening = OPENING_GREETING.exec(plain);
  if (!opening) return undefined;
  const rest = plain.slice(opening[0].length).trim();
  if (rest.includes('?') || rest.split(/\s+/).length > CHIT_CHAT_WORDS || carriesWork(rest)) return undefined;
  return { kind: 'start', greeting: plain };
}
