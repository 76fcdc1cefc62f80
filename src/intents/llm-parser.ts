// The LLM intent parser: the triage model reads a message (with the recent conversation and relevant
// memory as data) into the same Intent the offline rules produce, via structured output checked with
// zod. An invalid answer gets one repair attempt; then the rules answer. A deterministic guard
// checks every decision against the owner's own words. Never throws.

import { z } from 'zod';
import type { ChatFacts, Intent, IntentParser, ParseContext } from '../ports/intents.js';
import type { RoutingTable } from '../router/routes.js';
import type { Logger } from '../shared/log.js';
import { answerFromFacts } from './llm-parser/answer.js';
import { toIntent } from './llm-parser/convert.js';
import { tighten, unbacked } from './llm-parser/guard.js';
import type { ModelAnswer, ModelCall, ModelRequest } from './llm-parser/model-call.js';
import { repairPrompt, systemPrompt, userPrompt } from './llm-parser/prompt.js';
import { modelIntentJsonSchema, modelIntentSchema } from './llm-parser/schema.js';

export type { ModelAnswer, ModelCall, ModelRequest } from './llm-parser/model-call.js';

export interface LlmParserOptions {
  complete: ModelCall;
  /** Catalogue key of the model behind `complete`, for /status and the dry run. */
  model: string;
  /** The offline parser that answers when the model cannot. */
  rules: IntentParser;
  routes: RoutingTable;
  log?: Logger;
  timeoutMs?: number;
  maxOutputTokens?: number;
}

/** What a parse did, for the dry run and the log. */
export interface ParseOutcome {
  intent: Intent;
  /** Who produced the intent: the model, or the rules after the model failed or was overruled. */
  source: 'llm' | 'rules';
  /** Why the rules answered instead of the model. */
  fallback?: string;
  calls: number;
  costMicros: number;
}

type Reading = { intent: Intent; raw: string } | { problem: string; raw?: string; final?: true };

const PROBLEM_CHARS = 1200;

export class LlmParser implements IntentParser {
  /** What /status shows. */
  readonly name: string;
  private readonly schema;
  private readonly jsonSchema;
  private readonly system: string;

  constructor(private readonly options: LlmParserOptions) {
    this.schema = modelIntentSchema(options.routes);
    this.jsonSchema = modelIntentJsonSchema(options.routes);
    this.system = systemPrompt(options.routes);
    this.name = `the model ${options.model} (offline rules as fallback)`;
  }

  get model(): string {
    return this.options.model;
  }

  async parse(text: string, context: ParseContext): Promise<Intent> {
    return (await this.read(text, context)).intent;
  }

  /** Parses and reports how: the dry run shows it. */
  async read(text: string, context: ParseContext = {}): Promise<ParseOutcome> {
    const spent = { calls: 0, costMicros: 0 };
    try {
      const first = userPrompt(text, context);
      let reading = await this.ask([{ role: 'user', content: first }], text, spent);
      if ('problem' in reading && !reading.final) {
        const retry = repairPrompt(reading.problem.slice(0, PROBLEM_CHARS));
        const messages: ModelRequest['messages'] = reading.raw
          ? [
              { role: 'user', content: first },
              { role: 'assistant', content: reading.raw },
              { role: 'user', content: retry },
            ]
          : [{ role: 'user', content: `${first}\n\n${retry}` }];
        reading = await this.ask(messages, text, spent);
      }
      if ('problem' in reading) return this.fallBack(text, context, reading.problem, spent);
      const refused = unbacked(reading.intent, text, context);
      if (refused) return this.overrule(text, context, refused, spent);
      return { intent: tighten(reading.intent, text), source: 'llm', ...spent };
    } catch (error) {
      return this.fallBack(text, context, `unexpected: ${(error as Error).message}`, spent);
    }
  }

  async answerQuestion(question: string, facts: ChatFacts): Promise<string | undefined> {
    try {
      return await answerFromFacts(this.options.complete, question, facts, this.timeoutMs);
    } catch (error) {
      this.options.log?.warn({ err: error }, 'the model could not answer a question');
      return undefined;
    }
  }

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? 20_000;
  }

  private async ask(
    messages: ModelRequest['messages'],
    text: string,
    spent: { calls: number; costMicros: number },
  ): Promise<Reading> {
    spent.calls += 1;
    const result: ModelAnswer = await this.options.complete({
      system: this.system,
      messages,
      maxOutputTokens: this.options.maxOutputTokens ?? 1500,
      json: { name: 'intent', schema: this.jsonSchema },
      timeoutMs: this.timeoutMs,
    });
    spent.costMicros += result.costMicros;
    if (!result.ok) {
      if (result.failure.kind === 'malformed') return { problem: 'the answer did not parse as JSON' };
      return {
        problem: `the model call failed (${result.failure.kind}): ${result.failure.message}`,
        final: true,
      };
    }
    if (result.stopReason === 'refusal') return { problem: 'the model refused', final: true };
    let value: unknown;
    try {
      value = JSON.parse(result.text);
    } catch {
      return { problem: 'the answer did not parse as JSON (was it cut short?)', raw: result.text };
    }
    const parsed = this.schema.safeParse(value);
    if (!parsed.success) return { problem: z.prettifyError(parsed.error), raw: result.text };
    const intent = toIntent(parsed.data, { message: text, routes: this.options.routes });
    return typeof intent === 'string' ? { problem: intent, raw: result.text } : { intent, raw: result.text };
  }

  private async fallBack(
    text: string,
    context: ParseContext,
    why: string,
    spent: { calls: number; costMicros: number },
  ): Promise<ParseOutcome> {
    this.options.log?.warn(
      { model: this.options.model, why },
      'the model could not read a message; the rules did',
    );
    const intent = tighten(await this.options.rules.parse(text, context), text);
    return { intent, source: 'rules', fallback: why, ...spent };
  }

  /** The model decided something the owner's words do not ask for: the rules' reading stands, if it passes. */
  private async overrule(
    text: string,
    context: ParseContext,
    why: string,
    spent: { calls: number; costMicros: number },
  ): Promise<ParseOutcome> {
    this.options.log?.warn({ model: this.options.model, why }, "overruled the model's reading of a message");
    const rules = await this.options.rules.parse(text, context);
    const intent: Intent = unbacked(rules, text, context)
      ? {
          kind: 'clarify',
          question:
            'I will not act on that as written. Which task do you mean, and what should I do with it?',
          options: [
            { label: 'Show the queue', intent: { kind: 'queue' } },
            { label: 'Status', intent: { kind: 'status' } },
          ],
        }
      : tighten(rules, text);
    return { intent, source: 'rules', fallback: `guard: ${why}`, ...spent };
  }
}
