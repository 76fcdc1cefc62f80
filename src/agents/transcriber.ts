// Voice notes to text through an OpenAI-compatible audio/transcriptions endpoint (OpenAI, Groq,
// a local whisper server) with the openai SDK, loaded on the first voice note. Each call is one
// agent_runs row in the ledger, charged by the clip's length at the model's price per minute.
// Contract (the Transcribe port): never throws; a failure comes back as { ok: false, reason }.

import type { Store } from '../db/index.js';
import type { AudioClip, Transcribe } from '../ports/chat.js';
import type { Logger } from '../shared/log.js';

/** USD per minute of audio. A model not listed (a local server) costs nothing. */
export const TRANSCRIBE_PRICES: Readonly<Record<string, number>> = {
  'whisper-1': 0.006,
  'gpt-4o-transcribe': 0.006,
  'gpt-4o-mini-transcribe': 0.003,
  'whisper-large-v3': 0.111 / 60,
  'whisper-large-v3-turbo': 0.04 / 60,
  'distil-whisper-large-v3-en': 0.02 / 60,
};

export interface TranscriberSettings {
  baseUrl: string;
  apiKey?: string | undefined;
  model: string;
  store: Pick<Store, 'ledger'>;
  log: Logger;
  /** Per request. Default 60 s. */
  timeoutMs?: number;
}

/** Micro-dollars for a clip; a clip without a length is charged as one minute (never as free). */
export function transcriptionCostMicros(model: string, seconds: number | undefined): number {
  const perMinute = TRANSCRIBE_PRICES[model] ?? 0;
  return Math.round(perMinute * ((seconds ?? 60) / 60) * 1_000_000);
}

function providerOf(baseUrl: string): string {
  const host = URL.canParse(baseUrl) ? new URL(baseUrl).hostname : '';
  if (host.endsWith('openai.com')) return 'openai';
  if (host.endsWith('groq.com')) return 'groq';
  return 'transcribe';
}

export function createTranscriber(settings: TranscriberSettings): Transcribe {
  let client: Promise<import('openai').OpenAI> | undefined;
  const provider = providerOf(settings.baseUrl);
  return async (clip: AudioClip) => {
    const { ledger } = settings.store;
    const run = ledger.start({ taskId: null, attempt: 1, agent: 'Kev', provider, model: settings.model });
    try {
      client ??= import('openai').then(
        ({ default: OpenAI }) =>
          new OpenAI({
            baseURL: settings.baseUrl,
            apiKey: settings.apiKey ?? 'sk-no-key',
            timeout: settings.timeoutMs ?? 60_000,
            maxRetries: 1,
          }),
      );
      const { toFile } = await import('openai');
      const file = await toFile(clip.data, clip.filename, { type: clip.mimeType });
      const result = await (await client).audio.transcriptions.create({ file, model: settings.model });
      const text = (typeof result === 'string' ? result : result.text).trim();
      ledger.finish(run.id, {
        outcome: 'ok',
        inputTokens: 0,
        outputTokens: 0,
        cachedTokens: 0,
        costMicros: transcriptionCostMicros(settings.model, clip.seconds),
      });
      return { ok: true, text };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      settings.log.warn({ reason, model: settings.model }, 'transcribing a voice note failed');
      ledger.finish(run.id, {
        outcome: 'error',
        error: reason.slice(0, 500),
        inputTokens: 0,
        outputTokens: 0,
        cachedTokens: 0,
        costMicros: 0,
      });
      return { ok: false, reason: 'the transcription service failed' };
    }
  };
}
