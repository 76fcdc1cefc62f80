// The task types Kev knows, each with the agent that owns it. Data, not code: adding a type is a row.

export const TASK_TYPES = [
  'research',
  'summarize',
  'triage',
  'code',
  'code_batch',
  'analysis',
  'quick_fix',
  'ui_review',
  'legal_review',
  'local',
  'strategy',
  'devops',
  'qa',
  'marketing',
  'content',
  'sales',
  'finance',
  'analytics',
  'ops',
] as const;

export type TaskType = (typeof TASK_TYPES)[number];

export function isTaskType(value: string): value is TaskType {
  return (TASK_TYPES as readonly string[]).includes(value);
}

export const TASK_TYPE_LABELS: Record<TaskType, string> = {
  research: 'research',
  summarize: 'summarization',
  triage: 'triage',
  code: 'code (new feature)',
  code_batch: 'code (parallel batch)',
  analysis: 'long document analysis',
  quick_fix: 'quick fix / refactor',
  ui_review: 'UI/UX review',
  legal_review: 'legal/compliance review',
  local: 'local inference / TTS',
  strategy: 'strategy',
  devops: 'devops',
  qa: 'QA / security',
  marketing: 'marketing',
  content: 'content',
  sales: 'sales',
  finance: 'finance',
  analytics: 'analytics',
  ops: 'ops',
};
