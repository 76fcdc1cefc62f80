// Turns the model's flat answer into an Intent, one row per kind. A row returns the intent or a
// sentence saying what is missing; those sentences go back to the model for its one repair attempt.

import type { ClarifyOption, Intent, IntentKind, TaskDraft } from '../../ports/intents.js';
import type { RoutingTable } from '../../router/routes.js';
import type { ModelIntent, ModelOption } from './schema.js';

type Fields = Omit<ModelOption, 'label' | 'kind'>;

interface Tools {
  /** The owner's message, kept whole in task bodies. */
  message: string;
  routes: RoutingTable;
}

type Build = (fields: Fields, tools: Tools) => Intent | string;

/** Past this many characters, the owner's message (pasted material) goes whole into every task. */
const LONG_MESSAGE = 600;

const needId =
  (kind: 'show' | 'approve' | 'cancel' | 'retry'): Build =>
  (f) =>
    f.taskId === null ? `${kind} needs taskId` : { kind, taskId: f.taskId };

const plain =
  (
    kind:
      | 'status'
      | 'memory'
      | 'brief'
      | 'help'
      | 'start'
      | 'agents'
      | 'cost'
      | 'pause'
      | 'resume'
      | 'pipelines',
  ): Build =>
  () => ({ kind });

const BUILDERS: Record<Exclude<IntentKind, 'clarify'>, Build> = {
  new_task: (f, tools) => {
    if (!f.tasks?.length) return 'new_task needs at least one entry in tasks';
    const drafts: TaskDraft[] = [];
    const problems: string[] = [];
    f.tasks.forEach((task, i) => {
      const owner = tools.routes[task.type].agent;
      if (task.agent !== owner)
        problems.push(`tasks[${i}]: type "${task.type}" is done by ${owner}, not ${task.agent}`);
      else
        drafts.push({
          title: task.title,
          body: bodyOf(task.instruction, f.tasks!.length, tools.message),
          type: task.type,
          agent: owner,
        });
    });
    return problems.length ? problems.join('; ') : { kind: 'new_task', tasks: drafts };
  },
  status: plain('status'),
  queue: (f) => (f.text ? { kind: 'queue', state: f.text.toLowerCase() } : { kind: 'queue' }),
  show: needId('show'),
  approve: needId('approve'),
  reject: (f) =>
    f.taskId === null
      ? 'reject needs taskId'
      : { kind: 'reject', taskId: f.taskId, ...(f.text ? { reason: f.text } : {}) },
  revise: (f) =>
    f.taskId === null
      ? 'revise needs taskId'
      : { kind: 'revise', taskId: f.taskId, ...(f.text ? { notes: f.text } : {}) },
  cancel: needId('cancel'),
  retry: needId('retry'),
  remember: (f) => (f.text ? { kind: 'remember', fact: f.text } : 'remember needs the fact in text'),
  forget: (f) => (f.memoryId === null ? 'forget needs memoryId' : { kind: 'forget', memoryId: f.memoryId }),
  memory: plain('memory'),
  brief: plain('brief'),
  help: plain('help'),
  start: plain('start'),
  agents: plain('agents'),
  cost: plain('cost'),
  pause: plain('pause'),
  resume: plain('resume'),
  pipeline: (f) => (f.text ? { kind: 'pipeline', idea: f.text } : 'pipeline needs the idea in text'),
  // Listing only: a model's reading never pauses a job or changes the topics.
  schedules: () => ({ kind: 'schedules' }),
  topics: () => ({ kind: 'topics' }),
  pipelines: plain('pipelines'),
  chat: (f, tools) => ({ kind: 'chat', question: f.text || tools.message }),
};

function bodyOf(instruction: string, taskCount: number, message: string): string {
  const whole = taskCount === 1 || message.length > LONG_MESSAGE;
  if (!whole || instruction.includes(message.trim())) return instruction;
  return `${instruction}\n\nThe owner's message:\n${message}`;
}

export function toIntent(answer: ModelIntent, tools: Tools): Intent | string {
  if (answer.kind !== 'clarify') return BUILDERS[answer.kind](answer, tools);
  if (!answer.text) return 'clarify needs the question in text';
  if (!answer.options?.length) return 'clarify needs 2 to 4 options';
  const options: ClarifyOption[] = [];
  const problems: string[] = [];
  answer.options.forEach((option, i) => {
    const intent = BUILDERS[option.kind as Exclude<IntentKind, 'clarify'>](option, tools);
    if (typeof intent === 'string') problems.push(`options[${i}]: ${intent}`);
    else options.push({ label: option.label, intent });
  });
  return problems.length ? problems.join('; ') : { kind: 'clarify', question: answer.text, options };
}
