// What each cycle asks of its agent, as data: the task type (which routes it to Scout, Atlas or
// Hawk), a title and a body with {placeholders} that the cycle fills with material from the db.
// The owner replaces any field in kev.config.json under "cycles".

import type { TaskType } from '../../router/task-types.js';

export const CYCLE_NAMES = ['research', 'strategy', 'weekly', 'security'] as const;
export type CycleName = (typeof CYCLE_NAMES)[number];

export interface CycleTemplate {
  type: TaskType;
  title: string;
  /** Placeholders: {date}, {topics}, {queue}, {results}, {spend}, {builds}. */
  body: string;
}

export type CycleTemplates = Record<CycleName, CycleTemplate>;

export const DEFAULT_CYCLES: CycleTemplates = {
  research: {
    type: 'research',
    title: 'Research cycle {date}: {topicsShort}',
    body: [
      'Research what is new on the owner’s standing topics since the last cycle: news, launches,',
      'pricing changes, notable discussions. For each topic give 3-5 findings with sources, then one',
      'line on what it means for the owner’s products.',
      '',
      'Topics:',
      '{topics}',
    ].join('\n'),
  },
  strategy: {
    type: 'strategy',
    title: 'Strategy review {date}',
    body: [
      'Review the factory’s state below. Say what should be done next and why, what to stop or',
      'reprioritise, and any risk in the spend. At most 10 bullet points.',
      '',
      'Open queue:',
      '{queue}',
      '',
      'Recent results:',
      '{results}',
      '',
      'Spend:',
      '{spend}',
    ].join('\n'),
  },
  weekly: {
    type: 'strategy',
    title: 'Weekly strategy review {date}',
    body: [
      'Weekly review of the factory: what moved this week, what stalled, where the money went, and',
      'the three priorities for next week with a reason each.',
      '',
      'Open queue:',
      '{queue}',
      '',
      'Results this week:',
      '{results}',
      '',
      'Spend:',
      '{spend}',
    ].join('\n'),
  },
  security: {
    type: 'qa',
    title: 'Security scan of today’s builds {date}',
    body: [
      'Review what was built today for security problems: secrets in code, injection, unsafe input',
      'handling, risky dependencies, missing auth checks. Rate each finding (high/medium/low) and',
      'name the branch and file.',
      '',
      'Built today:',
      '{builds}',
    ].join('\n'),
  },
};

export type CycleOverrides = Partial<Record<CycleName, Partial<CycleTemplate>>>;

export function resolveCycles(overrides: CycleOverrides = {}): CycleTemplates {
  const out = { ...DEFAULT_CYCLES };
  for (const name of Object.keys(overrides) as CycleName[]) out[name] = { ...out[name], ...overrides[name] };
  return out;
}

/** Fills {name} placeholders; unknown ones stay as written. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => values[name] ?? match);
}
