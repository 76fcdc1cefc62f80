// Clarifying questions. Every option carries the complete intent it runs, so a tap acts at once;
// a destructive step reached without an explicit id becomes a confirmation here, never an action.

import type { ClarifyOption, Intent, TaskDraft } from '../../ports/intents.js';
import type { RoutingTable } from '../../router/routes.js';
import { TASK_TYPE_LABELS, type TaskType } from '../../router/task-types.js';
import { titleFrom } from './title.js';

type Clarify = Extract<Intent, { kind: 'clarify' }>;

const SHOW_REVIEW: ClarifyOption = {
  label: "Show what's in review",
  intent: { kind: 'queue', state: 'review' },
};
const SHOW_QUEUE: ClarifyOption = { label: 'Show the queue', intent: { kind: 'queue' } };
const STATUS: ClarifyOption = { label: 'Status', intent: { kind: 'status' } };

export function clarify(question: string, options: ClarifyOption[]): Clarify {
  return { kind: 'clarify', question, options };
}

/** "approve it" with no task in view. */
export function whichTask(verb: string): Clarify {
  return clarify(`Which task should I ${verb}? Reply with its number, e.g. "${verb} 12".`, [
    SHOW_REVIEW,
    SHOW_QUEUE,
    STATUS,
  ]);
}

/** "approve all", "cancel everything": there is no bulk action, only one task at a time. */
export function noBulk(verb: string): Clarify {
  return clarify(`I ${verb} one task at a time, by number (e.g. "${verb} 12"). What should I do?`, [
    SHOW_REVIEW,
    SHOW_QUEUE,
    { label: 'Pause all work', intent: { kind: 'pause' } },
  ]);
}

const SINGLE_INTENT: Record<string, (taskId: number) => Intent> = {
  approve: (taskId) => ({ kind: 'approve', taskId }),
  ship: (taskId) => ({ kind: 'approve', taskId }),
  cancel: (taskId) => ({ kind: 'cancel', taskId }),
  retry: (taskId) => ({ kind: 'retry', taskId }),
  reject: (taskId) => ({ kind: 'reject', taskId }),
};

/** "approve 3 and 4": one task per step, so offer each id as its own tap. */
export function oneAtATime(verb: string, ids: string): Clarify {
  const intent = SINGLE_INTENT[verb] ?? SINGLE_INTENT.approve!;
  const taskIds = [...new Set(ids.match(/\d+/g)?.map(Number) ?? [])].slice(0, 4);
  const name = verb === 'ship' ? 'approve' : verb;
  return clarify(
    `I ${name} one task at a time. Which first?`,
    taskIds.map((taskId) => ({
      label: `${name[0]!.toUpperCase()}${name.slice(1)} #${taskId}`,
      intent: intent(taskId),
    })),
  );
}

/** A destructive or costly step named by context only ("cancel it"): ask before acting. */
export function confirmStep(verb: string, taskId: number, intent: Intent): Clarify {
  return clarify(`${verb[0]!.toUpperCase()}${verb.slice(1)} task #${taskId}?`, [
    { label: `Yes, ${verb} #${taskId}`, intent },
    { label: `Show #${taskId} first`, intent: { kind: 'show', taskId } },
    SHOW_QUEUE,
  ]);
}

/** "looks good" about the task in view: approve, revise or look again. */
export function confirmApproval(taskId: number): Clarify {
  return clarify(`Approve task #${taskId}?`, [
    { label: `Approve #${taskId}`, intent: { kind: 'approve', taskId } },
    { label: `Show #${taskId}`, intent: { kind: 'show', taskId } },
    SHOW_REVIEW,
  ]);
}

/** "delete 4": a task or a memory? */
export function deleteWhich(id: number): Clarify {
  return clarify(`Delete what, #${id}?`, [
    { label: `Cancel task #${id}`, intent: { kind: 'cancel', taskId: id } },
    { label: `Forget memory #${id}`, intent: { kind: 'forget', memoryId: id } },
    { label: `Show task #${id}`, intent: { kind: 'show', taskId: id } },
  ]);
}

export function forgetWhich(): Clarify {
  return clarify('Which memory should I forget? Reply with its number, e.g. "forget 3".', [
    { label: 'Show what you remember', intent: { kind: 'memory' } },
    { label: 'Help', intent: { kind: 'help' } },
    STATUS,
  ]);
}

function draft(text: string, type: TaskType, routes: RoutingTable): TaskDraft {
  return { title: titleFrom(text), body: text, type, agent: routes[type].agent };
}

function taskOption(label: string, text: string, type: TaskType, routes: RoutingTable): ClarifyOption {
  return { label, intent: { kind: 'new_task', tasks: [draft(text, type, routes)] } };
}

function typeOption(text: string, type: TaskType, routes: RoutingTable): ClarifyOption {
  const label = TASK_TYPE_LABELS[type];
  const article = /^[aeio]/i.test(label) ? 'an' : 'a';
  return taskOption(`Make it ${article} ${label} task (${routes[type].agent})`, text, type, routes);
}

/** The most readings a clarifying question offers: more is a menu, not a question. */
export const MAX_READINGS = 3;

/**
 * Text no rule placed: the three likeliest readings, best first: the task types the words hint at
 * (strongest first), research, keeping it as a fact (first for a statement about oneself), an answer.
 * Nothing is kept or queued until the owner taps.
 */
export function unplaced(
  text: string,
  fact: string,
  routes: RoutingTable,
  hints: TaskType | TaskType[] = [],
  factFirst = false,
): Clarify {
  const remember: ClarifyOption = { label: 'Remember it as a fact', intent: { kind: 'remember', fact } };
  const types = (Array.isArray(hints) ? hints : [hints]).filter((t) => t !== 'research' && t !== 'triage');
  const options: ClarifyOption[] = factFirst ? [remember] : [];
  for (const type of [...new Set(types)].slice(0, 2)) options.push(typeOption(text, type, routes));
  options.push(taskOption(`Research it (${routes.research.agent})`, text, 'research', routes));
  if (!factFirst) options.push(remember);
  options.push({ label: 'Just answer it', intent: { kind: 'chat', question: fact } });
  return clarify(
    `I'm not sure what to do with "${titleFrom(text)}". Pick one:`,
    options.slice(0, MAX_READINGS),
  );
}

/** A question that also reads as work ("how do I deploy to fly.io?"): answer it or make it a task. */
export function answerOrTask(text: string, question: string, type: TaskType, routes: RoutingTable): Clarify {
  const options: ClarifyOption[] = [{ label: 'Just answer it', intent: { kind: 'chat', question } }];
  options.push(typeOption(text, type, routes));
  if (type !== 'research')
    options.push(taskOption(`Research it (${routes.research.agent})`, text, 'research', routes));
  return clarify('Should I just answer that, or make it a task?', options);
}
