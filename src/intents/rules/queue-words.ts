// Queue questions ("show the queue", "what's in review", "list failed tasks") are made only of a
// small vocabulary; the state they ask about is read from a table of state words.

/** Task state → the words that ask for it. First row that matches wins. */
const QUEUE_STATES: [state: string, words: RegExp][] = [
  [
    'review',
    /\b(?:review|reviews|approval|approve|sign-?off|awaiting|waiting (?:for|on) (?:me|review|approval|my (?:review|approval)))\b/i,
  ],
  ['cancelled', /\b(?:cancell?ed|aborted|stopped)\b/i],
  ['failed', /\b(?:failed|failing|broken|errored|crashed|failures?)\b/i],
  ['in_progress', /\b(?:in[- ]progress|running|active|ongoing|being worked on|underway)\b/i],
  ['done', /\b(?:done|finished|completed?|shipped|approved)\b/i],
  ['backlog', /\bbacklog\b/i],
  ['ready', /\b(?:ready|queued|pending|waiting|up next|next up|next)\b/i],
];

const STATE_WORDS =
  'review|reviews|approval|approve|sign-?off|awaiting|waiting|cancell?ed|aborted|stopped|failed|failing|broken|errored|crashed|failures?|in[- ]progress|progress|running|active|ongoing|being|worked|underway|done|finished|completed?|shipped|approved|backlog|ready|queued|pending|next|up';
const ANCHORS = 'tasks?|queue|jobs?|backlog|todos?|to-?dos?|(?:the|my) list';
const LISTERS = "show|list|view|see|display|what|what'?s|whats|which|anything|any|get";
const FILLER =
  "me|the|my|all|our|is|are|there|everything|items?|ones?|that'?s|what'?s|today'?s|yesterday'?s|work|in|on|that|still|left|currently|right|now|so|far|today|for|to|stuff|things|of|open|needs?|do|i|have|with|please";

const WORD = `(?:${[ANCHORS, LISTERS, STATE_WORDS, FILLER].join('|')})`;

/** Whole-message shape: only queue words, naming the queue or a listing word plus a state. */
export const QUEUE_SHAPE = new RegExp(
  `^(?=.*\\b(?:${ANCHORS})\\b|(?=.*\\b(?:${LISTERS})\\b).*\\b(?:${STATE_WORDS})\\b)(?:${WORD}\\b[\\s,]*){1,12}$`,
  'i',
);

export function queueState(text: string): string | undefined {
  return QUEUE_STATES.find(([, words]) => words.test(text))?.[0];
}
