// The LLM fakes in one place, with a table from provider name to the fake that speaks its protocol.

import type { LlmProviderName } from '../../../src/agents/providers/types.js';
import { startAnthropicFake } from './anthropic-fake.js';
import { startGeminiFake } from './gemini-fake.js';
import type { FakeServer, FakeServerOptions } from './http-fake.js';
import { startOpenAiFake } from './openai-fake.js';

export { anthropicDialect, startAnthropicFake } from './anthropic-fake.js';
export type { ChatCall } from './chat-call.js';
export { geminiDialect, startGeminiFake } from './gemini-fake.js';
export type {
  FakeServer,
  FakeServerOptions,
  RecordedRequest,
  WireDialect,
  WireResponse,
} from './http-fake.js';
export { startHttpFake } from './http-fake.js';
export { openAiDialect, startOpenAiFake } from './openai-fake.js';
export * from './replies.js';

export const LLM_FAKES: Record<LlmProviderName, (options?: FakeServerOptions) => Promise<FakeServer>> = {
  anthropic: startAnthropicFake,
  openai: startOpenAiFake,
  cerebras: startOpenAiFake,
  llamacpp: startOpenAiFake,
  gemini: startGeminiFake,
};
