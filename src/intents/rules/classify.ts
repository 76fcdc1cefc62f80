// Scores a text against the task-rule table and places it: a task type and the agent that does it.
// A type's score is its strongest matching row; ties go to more evidence, then to the earliest match.

import { DEFAULT_ROUTES, type RoutingTable } from '../../router/routes.js';
import type { TaskType } from '../../router/task-types.js';
import { AgentDirectory } from './agents.js';
import { TASK_RULES } from './task-table.js';
import { readMessage, SCAN_LIMIT, stripRequest } from './text.js';

/** Below this a type is only a hint, never a placement. */
export const MIN_SCORE = 2;
/** At or above this a question also reads as work, so Kev asks whether to answer or act. */
export const STRONG_SCORE = 5;
/** At or above this a statement ("the server is down") is placed as a task without asking. */
export const STATEMENT_SCORE = 7;
/** An agent addressed by name is as sure as the strongest rule. */
const ADDRESSED_SCORE = 8;

interface TypeScore {
  type: TaskType;
  top: number;
  total: number;
  at: number;
}

export interface Placement {
  type: TaskType;
  agent: string;
  top: number;
  addressed: boolean;
  /** The text opens with "I need", "let's" and the like: a request, whatever its verb. */
  requested: boolean;
  /** What an addressed agent was asked, without the addressing ("Hawk: check X" → "check X"). */
  request?: string;
}

export function scoreTypes(text: string): TypeScore[] {
  const lower = text.toLowerCase();
  const scores = new Map<TaskType, TypeScore>();
  for (const rule of TASK_RULES) {
    for (const pattern of rule.patterns) {
      const at = lower.search(pattern);
      if (at < 0) continue;
      const score = scores.get(rule.type) ?? { type: rule.type, top: 0, total: 0, at };
      scores.set(rule.type, {
        type: rule.type,
        top: Math.max(score.top, rule.weight),
        total: score.total + rule.weight,
        at: Math.min(score.at, at),
      });
      break;
    }
  }
  return [...scores.values()].sort((a, b) => b.top - a.top || b.total - a.total || a.at - b.at);
}

export class TaskPlacer {
  readonly directory: AgentDirectory;

  constructor(private readonly routes: RoutingTable) {
    this.directory = new AgentDirectory(routes);
  }

  place(core: string): Placement | undefined {
    const addressed = this.directory.address(core);
    if (addressed) {
      const { text } = stripRequest(readMessage(addressed.rest).core);
      const owned = this.directory.ownedTypes(addressed.agent);
      const scores = scoreTypes(text).filter((score) => score.top >= MIN_SCORE);
      const best = owned.length ? scores.find((score) => owned.includes(score.type)) : scores[0];
      const type = best?.type ?? this.directory.homeType(addressed.agent);
      return {
        type,
        agent: addressed.agent,
        top: ADDRESSED_SCORE,
        addressed: true,
        requested: true,
        request: addressed.rest,
      };
    }
    const { text, requested } = stripRequest(core);
    const best = scoreTypes(text)[0];
    if (!best || best.top < MIN_SCORE) return undefined;
    return {
      type: best.type,
      agent: this.routes[best.type].agent,
      top: best.top,
      addressed: false,
      requested,
    };
  }
}

const placers = new WeakMap<RoutingTable, TaskPlacer>();

export function placerFor(routes: RoutingTable): TaskPlacer {
  let placer = placers.get(routes);
  if (!placer) {
    placer = new TaskPlacer(routes);
    placers.set(routes, placer);
  }
  return placer;
}

/** For `/task <text>`: the task type and agent a text reads as, or undefined when no rule matches. */
export function classifyTask(
  text: string,
  routes: RoutingTable = DEFAULT_ROUTES,
): { type: TaskType; agent: string } | undefined {
  const placement = placerFor(routes).place(readMessage(text.slice(0, SCAN_LIMIT)).core);
  return placement && { type: placement.type, agent: placement.agent };
}
