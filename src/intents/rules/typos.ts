// Typo tolerance for the word a message opens with ("reserach", "summerize", "stauts"), where a
// phone keyboard slips most and where the rules look first. Only one edit away, only one candidate.

const LEADING_WORDS = [
  'research',
  'investigate',
  'compare',
  'summarize',
  'summarise',
  'triage',
  'prioritize',
  'implement',
  'create',
  'develop',
  'refactor',
  'rename',
  'review',
  'analyze',
  'analyse',
  'deploy',
  'schedule',
  'organize',
  'transcribe',
  'approve',
  'reject',
  'revise',
  'cancel',
  'retry',
  'remember',
  'forget',
  'status',
  'memory',
  'resume',
  'pause',
  'pipeline',
  'brief',
  'briefing',
  'update',
  'upgrade',
  'design',
  'write',
  'build',
  'draft',
  'explore',
  'please',
  'prepare',
  'translate',
  'configure',
  'install',
  'audit',
  'agents',
  'help',
  'queue',
  'show',
  'check',
  'test',
  'unpause',
  'continue',
  'spend',
  'costs',
];

/** Real words one edit from a leading word, which must stay as typed. */
const REAL_WORDS = [
  'white',
  'wrote',
  'cause',
  'states',
  'cancer',
  'writer',
  'tester',
  'briefs',
  'reviewer',
  'forgot',
];

const KNOWN = new Set([...LEADING_WORDS, ...REAL_WORDS]);

/** Damerau-Levenshtein distance, capped: returns 2 for anything further than one edit. */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return true;
  const swapped = a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  return (
    swapped ||
    a.slice(i + 1) === b.slice(i + 1) ||
    a.slice(i + 1) === b.slice(i) ||
    a.slice(i) === b.slice(i + 1)
  );
}

/** Two neighbouring letters swapped ("breif"): the only slip trusted in short words, where one
 * inserted or changed letter too often makes another real word ("speed" / "spend"). */
function swapped(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff = [...a].flatMap((letter, index) => (letter === b[index] ? [] : [index]));
  return (
    diff.length === 2 &&
    diff[1] === diff[0]! + 1 &&
    a[diff[0]!] === b[diff[1]!] &&
    a[diff[1]!] === b[diff[0]!]
  );
}

const SHORT_WORD = 5;

export function correctWord(word: string): string {
  const lower = word.toLowerCase();
  if (lower.length < SHORT_WORD || KNOWN.has(lower)) return word;
  const near = lower.length > SHORT_WORD ? withinOneEdit : swapped;
  const candidates = LEADING_WORDS.filter((known) => known.length >= SHORT_WORD && near(lower, known));
  return candidates.length === 1 ? candidates[0]! : word;
}

export function correctLeadingTypo(text: string): string {
  const match = /^[a-z]+/i.exec(text);
  if (!match) return text;
  const fixed = correctWord(match[0]);
  return fixed === match[0] ? text : fixed + text.slice(match[0].length);
}
