// Reads a chat message into the forms the rules match on: plain (emoji and trailing punctuation
// gone, case kept) and core (plain without greetings, Kev's name, politeness and pleasantries).

import { correctLeadingTypo } from './typos.js';

/** Only this many characters of a message are examined; bodies keep the whole text. */
export const SCAN_LIMIT = 4000;

export interface Message {
  plain: string;
  core: string;
  /** Opens like a question, or ends with "?" without opening like a request. */
  asked: boolean;
}

const EMOJI = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\uFE0F|\u200D|\u20E3/gu;
const TRAILING_PUNCTUATION = /[\s.!?,;:…~]+$/u;

const LEAD_FILLER = new RegExp(
  '^(?:' +
    [
      '(?:hey|hi|hello|yo|ok|okay|so|alright|um+|hmm+|oh|and|also|now|btw|quick one|quick q|sorry)\\s*[,:-]?!?\\.?\\s+',
      '@?kev\\b[,:!.\\-]?\\s*',
      '(?:please|pls|plz|plse|pleas|kindly|just),?\\s+',
      '(?:would you|do you|would u) mind\\s+',
      "(?:can|could|would|will|can't|won't)\\s+(?:you|u|ya|someone|somebody|anyone|one of you|the team)\\s+(?:please\\s+|pls\\s+)?",
      '(?:would you|do you) mind\\s+',
      "i(?:'d| would)? (?:need|want|like) (?:you|u) to\\s+",
      'go ahead and\\s+',
    ].join('|') +
    ')',
  'i',
);

const TRAIL_FILLER =
  /(?:[\s,.!]+(?:please|pls|plz|thanks(?: a lot| so much| a ton)?|thank you(?: so much)?|many thanks|thank u|thx|ty|asap|kev|for me|when you can|if you can|mate|buddy|cheers|no rush))+$/i;

const REQUEST_MARKER =
  /^(?:(?:i|we)(?:'d| would)? (?:need|want|like|have)(?: to)?|(?:need|want)(?: to)?|(?:i|we) should|let'?s|lets|time to|need to|gotta|we gotta|i'd love (?:you )?to|help me(?: to)?|(?:get|have|ask) (?:someone|somebody|anyone|one of the agents|an agent|the team) to|have (?:someone|somebody|one of the agents|an agent|the team))\s+/i;

const INTERROGATIVE =
  /^(?:what|what'?s|whats|who|who'?s|whos|when|where|where'?s|why|how|how'?s|which|did|does|is|are|was|were|has|have|had|will|would|should|shall|can|could|may|might|am|isn'?t|aren'?t|didn'?t|doesn'?t|don'?t|won'?t|wasn'?t|do (?!(?:a|an|the|some|my|our|this|that)\b))\b/i;

export function normalize(text: string): string {
  return text
    .replace(/[‘’ʼ`´]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[–—]/g, '-')
    .replace(EMOJI, ' ');
}

/** "would you mind drafting …" → "draft …": the verb after "mind" is read in its plain form. */
const MIND = /^(?:would you|do you|would u) mind\s+/i;

function stripFillers(text: string): string {
  let out = text;
  let minded = false;
  for (let previous = ''; previous !== out; ) {
    previous = out;
    minded ||= MIND.test(out);
    out = out.replace(LEAD_FILLER, '').replace(TRAIL_FILLER, '').replace(TRAILING_PUNCTUATION, '');
  }
  if (minded) out = baseForms(out).find((form) => TASK_VERB.test(form)) ?? out;
  return correctLeadingTypo(out);
}

export function readMessage(text: string): Message {
  const flat = normalize(text.slice(0, SCAN_LIMIT)).replace(/\s+/g, ' ').trim();
  const plain = flat.replace(TRAILING_PUNCTUATION, '');
  const core = stripFillers(plain);
  // "have someone check whether …?" opens with a request, not a question.
  const request = REQUEST_MARKER.test(core);
  const asked =
    (INTERROGATIVE.test(core) && !request) || (/\?$/.test(flat) && !request && !startsWithTaskVerb(core));
  return { plain, core, asked };
}

/** A statement that asks for a change: "the pricing page needs a FAQ section". */
const NEEDS = /\b(?:needs?|should (?:have|be|get|use)|(?:is|are) missing|lacks?)\b/i;

/** Drops "I need", "let's", "we should" openings; `requested` says the text asks for something. */
/** "here's a customer review to analyze: …": material handed over with what to do with it. */
const HANDED_OVER =
  /^here'?s\b.{0,60}?\bto (?:analy[sz]e|review|summari[sz]e|read|check|triage|translate|proofread|look at|go through)\b/i;

export function stripRequest(core: string): { text: string; requested: boolean } {
  const text = correctLeadingTypo(core.replace(REQUEST_MARKER, ''));
  return { text, requested: text !== core || NEEDS.test(text) || HANDED_OVER.test(text) };
}

const TASK_VERBS = [
  'research|investigate|look (?:into|up|at|over|for)|find|dig|explore|compare|search|scout',
  'summari[sz]e|recap|condense|tl;?dr|triage|sort|prioriti[sz]e|categori[sz]e|go (?:through|over)',
  'clean|build|implement|create|make|develop|code|add|ship|scaffold|prototype|set ?up|spin up',
  'integrate|migrate|port|write|draft|compose|rewrite|proofread|edit|translate|analy[sz]e',
  'review|audit|assess|evaluate|examine|read|check|fix|refactor|rename|tweak|bump|update|upgrade',
  'change|patch|debug|remove|delete|design|redesign|mock ?up|wireframe|deploy|redeploy|host',
  'configure|install|provision|monitor|test|qa|pen ?test|run|transcribe|generate|convert|narrate',
  'record|plan|outline|map out|brainstorm|propose|prepare|prep|put together|come up with|figure out',
  'work out|think (?:through|about)|schedule|reschedule|book|organi[sz]e|arrange|order|renew',
  'cancel|reach out|email|contact|follow up|pitch|send|post|publish|tweet|launch|promote|forecast',
  'estimate|calculate|model|track|measure|report|benchmark|optimi[sz]e|improve|speed up|reduce',
  'cut|increase|locali[sz]e|document|hire|recruit|collect|gather|compile|list|identify|automate',
  'verify|validate|double-?check|sketch|scrape|crawl|enrich|qualify|negotiate|file|pay|reconcile',
  'invoice|price|budget|do|get|handle|sort out|secure|harden|draw up|kick off|train|fine-?tune',
  'ask|have|tell|pull|crunch|chart|plot|swap|move|switch|turn|give (?:me|us)|sum up|vet|roast|ghostwrite|pen|copy|paste',
];

const TASK_VERB = new RegExp(`^(?:${TASK_VERBS.join('|')})\\b`, 'i');

/** "drafting", "writing", "setting up": the -ing form after "would you mind" is the verb too. */
function baseForms(text: string): string[] {
  const ing = /^([a-z]+?)ing\b/i.exec(text);
  if (!ing) return [text];
  const rest = text.slice(ing[0].length);
  const stem = ing[1]!;
  return [text, stem + rest, `${stem}e${rest}`, stem.replace(/(\w)\1$/, '$1') + rest];
}

export function startsWithTaskVerb(text: string): boolean {
  return baseForms(text).some((form) => TASK_VERB.test(form));
}

/** Opens with a task verb, a request marker, politeness or a question word. */
export function opensLikeRequest(text: string): boolean {
  const { core, plain } = readMessage(text);
  return core !== plain || INTERROGATIVE.test(core) || startsWithTaskVerb(stripRequest(core).text);
}
