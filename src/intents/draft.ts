// Builds a task draft from free text: type and agent from the offline classifier (triage by Scout
// when nothing matches), title from the first line.

import type { TaskDraft } from '../ports/intents.js';
import type { Policy } from '../router/policy.js';
import { classifyTask, titleFrom } from './rules.js';

export function draftTask(policy: Policy, text: string): TaskDraft {
  const found = classifyTask(text, policy.routes);
  const type = found?.type ?? 'triage';
  return { title: titleFrom(text), body: text, type, agent: found?.agent ?? policy.routes[type].agent };
}
