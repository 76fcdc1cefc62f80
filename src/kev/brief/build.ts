// Builds the brief from the db, without a model: a title line, then the sections of sections.ts,
// kept to one phone screen. A section longer than a few items is cut with "+N more: <command>";
// if the whole still does not fit, the longest sections collapse to one line each.

import type { ClarifyOption } from '../../ports/intents.js';
import type { Reply } from '../actions/types.js';
import { BRIEF_SECTIONS, type BriefInput, type BriefSection, type SectionContent } from './sections.js';

/** One phone screen: the brief never has more lines or characters than this. */
export const BRIEF_MAX_LINES = 25;
export const BRIEF_MAX_CHARS = 1500;
/** Items a section shows before "+N more". */
export const SECTION_ITEMS = 4;

export const LAST_BRIEF_KEY = 'brief:lastAt';

export function briefTitle(now: number, timezone: string): string {
  const day = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  }).format(now);
  return `Brief · ${day.replace(',', '')}`;
}

function full(content: SectionContent): string[] {
  const total = content.total ?? content.items.length;
  const shown = content.items.slice(0, SECTION_ITEMS);
  const lines = [
    content.total !== undefined ? `${content.heading}` : `${content.heading} (${total})`,
    ...shown.map((item) => `• ${item}`),
  ];
  if (content.items.length > shown.length)
    lines.push(`  +${content.items.length - shown.length} more: ${content.command}`);
  return lines;
}

function collapsed(content: SectionContent): string[] {
  return [
    content.summary ?? `${content.heading}: ${content.total ?? content.items.length} — ${content.command}`,
  ];
}

const fits = (lines: string[]) =>
  lines.length <= BRIEF_MAX_LINES && lines.join('\n').length <= BRIEF_MAX_CHARS;

/** Renders the brief; `sections` defaults to the table (tests pass their own). */
export function buildBrief(input: BriefInput, sections: BriefSection[] = BRIEF_SECTIONS): Reply {
  const contents = sections
    .map((section) => section.build(input))
    .filter((c): c is SectionContent => c !== undefined);
  const small = new Set<SectionContent>();
  const render = () => [
    briefTitle(input.now, input.timezone),
    ...(contents.length ? [] : ['All quiet.']),
    ...contents.flatMap((c) => (small.has(c) ? collapsed(c) : full(c))),
  ];
  let lines = render();
  while (!fits(lines)) {
    const biggest = contents
      .filter((c) => !small.has(c))
      .sort((a, b) => full(b).join('\n').length - full(a).join('\n').length)[0];
    if (!biggest) break;
    small.add(biggest);
    lines = render();
  }
  let text = lines.join('\n');
  // Every section collapsed and still too long (only with absurd headings): cut, never overflow.
  if (!fits(lines))
    text = `${lines
      .slice(0, BRIEF_MAX_LINES)
      .join('\n')
      .slice(0, BRIEF_MAX_CHARS - 1)}…`;
  const choices: ClarifyOption[] = contents.flatMap((c) => c.choices ?? []);
  return { text, ...(choices.length ? { choices } : {}) };
}
