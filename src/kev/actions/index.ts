// The action table: one handler per intent kind. Adding an intent is adding a row.

import type { IntentKind } from '../../ports/intents.js';
import { chat, clarify, forget, help, memory, pause, remember, resume, start } from './conversation.js';
import { newTask } from './new-tasks.js';
import { pipeline, pipelines } from './pipelines.js';
import { agents, cost, queue, show, status } from './reports.js';
import { brief, schedules, topics } from './schedules.js';
import { approve, cancel, reject, retry, revise } from './task-decisions.js';
import type { Action } from './types.js';

export const ACTIONS: { [K in IntentKind]: Action<K> } = {
  new_task: newTask,
  status,
  queue,
  show,
  approve,
  reject,
  revise,
  cancel,
  retry,
  remember,
  forget,
  memory,
  brief,
  help,
  start,
  agents,
  cost,
  pause,
  resume,
  pipeline,
  schedules,
  topics,
  pipelines,
  chat,
  clarify,
};

export { isPaused } from './reports.js';
export type { ActionContext, ActionResult, Awaiting, ChatRef, Reply } from './types.js';
