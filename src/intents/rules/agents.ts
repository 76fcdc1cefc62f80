// Agent addressing: "ask Scout to …", "Hawk: check …", "@Pixel …", "… for Rex". The named agent
// wins, doing the type it owns that the text reads as best, else its home type.

import { DEFAULT_ROSTER } from '../../router/roster.js';
import type { RoutingTable } from '../../router/routes.js';
import { TASK_TYPES, type TaskType } from '../../router/task-types.js';
import { opensLikeRequest } from './text.js';

export interface Addressed {
  agent: string;
  rest: string;
}

/** The type an agent does when nothing in the text says otherwise. */
const HOME_TYPE: Record<string, TaskType> = {
  Scout: 'research',
  Rex: 'code',
  Forge: 'devops',
  Atlas: 'strategy',
  Hawk: 'qa',
  Pixel: 'ui_review',
  Blaze: 'marketing',
  Echo: 'content',
  Chase: 'sales',
  Finn: 'finance',
  Dash: 'analytics',
  Dot: 'ops',
  Law: 'legal_review',
  Glim: 'local',
};

/** Kev is the one being talked to, never a worker to hand off to. */
const SELF = 'kev';

/**
 * Each row: a pattern where AGENT stands for the names alternation, with `name` and `rest` groups.
 * A bare name ("Rex fix the navbar") counts only before a request or a question, since several
 * names are also words ("chase the invoice").
 */
const ADDRESS_FORMS: { form: string; bare?: true }[] = [
  { form: '^@?(?<name>AGENT)\\s*[:,-]\\s*(?<rest>.+)$' },
  { form: '^(?:ask|tell|have|get|let) @?(?<name>AGENT)(?: to| please| pls)?\\s+(?<rest>.+)$' },
  { form: '^(?:can|could|would|will) @?(?<name>AGENT)(?: please| pls)?\\s+(?<rest>.+)$' },
  { form: '^(?<name>AGENT) (?:please|pls|plz|can you|could you|would you)\\s+(?<rest>.+)$' },
  { form: '^(?:(?:a )?(?:new )?task for|assign(?: this)? to) @?(?<name>AGENT)\\s*[:,-]?\\s*(?<rest>.+)$' },
  {
    form: '^(?<rest>.+?)[,\\s]+(?:assign(?:ed)? (?:it |this )?to|give (?:it|this) to|hand (?:it|this|that) (?:off )?to) @?(?<name>AGENT)$',
  },
  { form: '^(?<rest>.*?)\\s*@(?<name>AGENT)\\b\\s*(?<tail>.*)$' },
  { form: '^(?<name>AGENT)\\s+(?<rest>.+)$', bare: true },
];

export class AgentDirectory {
  private readonly canonical = new Map<string, string>();
  private readonly forms: { pattern: RegExp; bare?: true }[];

  constructor(private readonly routes: RoutingTable) {
    const names = [
      ...DEFAULT_ROSTER.map((profile) => profile.name),
      ...TASK_TYPES.map((type) => routes[type].agent),
    ];
    for (const name of names) {
      if (name.toLowerCase() !== SELF) this.canonical.set(name.toLowerCase(), name);
    }
    const alternation = [...this.canonical.keys()]
      .map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('|');
    this.forms = ADDRESS_FORMS.map(({ form, bare }) => ({
      pattern: new RegExp(form.replaceAll('AGENT', `(?:${alternation})`), 'i'),
      bare,
    }));
  }

  /** The agent a message speaks to, and what it asks of them. */
  address(core: string): Addressed | undefined {
    for (const { pattern, bare } of this.forms) {
      const groups = pattern.exec(core)?.groups;
      const agent = groups?.name && this.canonical.get(groups.name.toLowerCase());
      if (!groups || !agent) continue;
      const rest = [groups.rest, groups.tail].filter(Boolean).join(' ').trim();
      if (rest && (!bare || opensLikeRequest(rest))) return { agent, rest };
    }
    return undefined;
  }

  /** True when the text names any agent, addressed or not ("what is Scout working on?"). */
  mentions(text: string): boolean {
    return text
      .toLowerCase()
      .split(/[^a-z]+/)
      .some((word) => this.canonical.has(word));
  }

  /** The types the agent owns under the routing table, home type first. */
  ownedTypes(agent: string): TaskType[] {
    const owned = TASK_TYPES.filter((type) => this.routes[type].agent === agent);
    const home = HOME_TYPE[agent];
    return home && owned.includes(home) ? [home, ...owned.filter((type) => type !== home)] : owned;
  }

  homeType(agent: string): TaskType {
    return this.ownedTypes(agent)[0] ?? HOME_TYPE[agent] ?? 'research';
  }
}
