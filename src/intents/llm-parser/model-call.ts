// The one model call the LLM parser needs, as a port: the composition root passes a function built
// in src/agents, so src/kev never imports an SDK. Shaped to accept the providers' complete() as is.

export interface ModelRequest {
  system: string;
  messages: Array<{ role: 'user' | 'assistant'; content: string }>;
  maxOutputTokens: number;
  /** Structured output: a strict JSON schema (every object closed, every property required). */
  json?: { name: string; schema: Record<string, unknown> };
  timeoutMs: number;
}

export type ModelAnswer =
  | { ok: true; text: string; costMicros: number; stopReason: 'end' | 'max_tokens' | 'refusal' }
  | { ok: false; failure: { kind: string; message: string }; costMicros: number };

/** Contract: never throws; a failure is { ok: false } ('malformed' when asked-for JSON did not parse). */
export type ModelCall = (request: ModelRequest) => Promise<ModelAnswer>;
