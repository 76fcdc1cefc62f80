// The routing table: task type → owning agent → model ladder, cheapest rung first (the cost pyramid).
// A ladder lists catalogue keys; rungs whose provider is not configured are skipped by the router.

import type { TaskType } from './task-types.js';

export interface Route {
  agent: string;
  /** Catalogue keys, cheap → dear. */
  ladder: string[];
}

export type RoutingTable = Record<TaskType, Route>;

export const DEFAULT_ROUTES: RoutingTable = {
  research: { agent: 'Scout', ladder: ['cerebras/gpt-oss-120b', 'gemini/gemini-2.5-pro'] },
  summarize: { agent: 'Scout', ladder: ['cerebras/gpt-oss-120b', 'gemini/gemini-2.5-pro'] },
  triage: { agent: 'Scout', ladder: ['cerebras/gpt-oss-120b', 'gemini/gemini-2.5-pro'] },
  code: { agent: 'Rex', ladder: ['claude-code/sonnet', 'claude-code/opus', 'codex/gpt-5-codex'] },
  code_batch: { agent: 'Forge', ladder: ['codex/gpt-5-codex', 'claude-code/sonnet'] },
  analysis: { agent: 'Atlas', ladder: ['gemini/gemini-2.5-pro', 'anthropic/claude-opus-5-5'] },
  quick_fix: { agent: 'Rex', ladder: ['cerebras/llama3.1-8b', 'claude-code/sonnet'] },
  ui_review: { agent: 'Pixel', ladder: ['anthropic/claude-sonnet-5-5'] },
  legal_review: { agent: 'Law', ladder: ['anthropic/claude-opus-5-5'] },
  local: { agent: 'Glim', ladder: ['llamacpp/local'] },
  strategy: { agent: 'Atlas', ladder: ['gemini/gemini-2.5-pro', 'anthropic/claude-opus-5-5'] },
  devops: { agent: 'Forge', ladder: ['cerebras/gpt-oss-120b', 'anthropic/claude-sonnet-5-5'] },
  qa: { agent: 'Hawk', ladder: ['cerebras/gpt-oss-120b', 'anthropic/claude-sonnet-5-5'] },
  marketing: { agent: 'Blaze', ladder: ['cerebras/gpt-oss-120b', 'gemini/gemini-2.5-flash'] },
  content: { agent: 'Echo', ladder: ['cerebras/gpt-oss-120b', 'anthropic/claude-sonnet-5-5'] },
  sales: { agent: 'Chase', ladder: ['cerebras/gpt-oss-120b', 'gemini/gemini-2.5-flash'] },
  finance: { agent: 'Finn', ladder: ['gemini/gemini-2.5-flash', 'anthropic/claude-sonnet-5-5'] },
  analytics: { agent: 'Dash', ladder: ['cerebras/gpt-oss-120b', 'gemini/gemini-2.5-pro'] },
  ops: { agent: 'Dot', ladder: ['cerebras/gpt-oss-120b', 'gemini/gemini-2.5-flash'] },
};
