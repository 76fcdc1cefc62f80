// WhatsApp and voice-note settings: KEV_WHATSAPP=1 needs the owner's number, which is read as
// international digits; the transcription endpoint switches voice notes on and its key is a secret.

import { describe, expect, it } from 'vitest';
import { readConfig } from '../src/config/config.js';

const base = { KEV_DATA_DIR: '/tmp/kev-config-test' };

describe('WhatsApp config', () => {
  it('is off unless KEV_WHATSAPP=1, and then needs KEV_OWNER_WHATSAPP', () => {
    expect(readConfig({ ...base, KEV_OWNER_WHATSAPP: '447700900123' }).whatsapp).toBeUndefined();
    expect(() => readConfig({ ...base, KEV_WHATSAPP: '1' })).toThrow(
      /KEV_OWNER_WHATSAPP must be your WhatsApp number/,
    );
  });

  it('reads the owner number as digits, with the endpoint override and its own pacing', () => {
    const config = readConfig({
      ...base,
      KEV_WHATSAPP: '1',
      KEV_OWNER_WHATSAPP: '+44 7700-900123',
      KEV_WHATSAPP_WS_URL: 'ws://127.0.0.1:9999/ws/chat',
      KEV_WHATSAPP_MIN_INTERVAL_MS: '2500',
    });
    expect(config.whatsapp).toEqual({
      owner: '447700900123',
      wsUrl: 'ws://127.0.0.1:9999/ws/chat',
      minIntervalMs: 2500,
    });
    expect(
      readConfig({ ...base, KEV_WHATSAPP: '1', KEV_OWNER_WHATSAPP: '447700900123' }).whatsapp?.minIntervalMs,
    ).toBe(1500);
  });

  it("KEV_WHATSAPP_PAIRING_CODE: 1 means the owner's own number, or another number", () => {
    const on = { ...base, KEV_WHATSAPP: '1', KEV_OWNER_WHATSAPP: '447700900123' };
    expect(readConfig(on).whatsapp?.pairingNumber).toBeUndefined();
    expect(readConfig({ ...on, KEV_WHATSAPP_PAIRING_CODE: '1' }).whatsapp?.pairingNumber).toBe(
      '447700900123',
    );
    expect(readConfig({ ...on, KEV_WHATSAPP_PAIRING_CODE: '+44 7700 900999' }).whatsapp?.pairingNumber).toBe(
      '447700900999',
    );
  });

  it.each([
    [{ KEV_WHATSAPP: 'yes' }, /^KEV_WHATSAPP must be one of 0, 1/],
    [
      { KEV_OWNER_WHATSAPP: '07700 900123x' },
      /^KEV_OWNER_WHATSAPP must be your number in international digits/,
    ],
    [{ KEV_WHATSAPP_WS_URL: 'nope' }, /^KEV_WHATSAPP_WS_URL must be a URL/],
    [{ KEV_WHATSAPP_PAIRING_CODE: 'yes' }, /^KEV_WHATSAPP_PAIRING_CODE must be 1 \(your own number\)/],
    [{ KEV_TRANSCRIBE_BASE_URL: 'nope' }, /^KEV_TRANSCRIBE_BASE_URL must be a URL/],
  ])('refuses %o with one sentence', (env, message) => {
    expect(() => readConfig({ ...base, ...env })).toThrow(message);
  });

  it('switches voice notes on with KEV_TRANSCRIBE_BASE_URL and keeps its key out of the logs', () => {
    expect(readConfig(base).transcribe).toBeUndefined();
    const config = readConfig({
      ...base,
      KEV_TRANSCRIBE_BASE_URL: 'https://api.groq.com/openai/v1',
      KEV_TRANSCRIBE_API_KEY: 'gsk-secret-value',
      KEV_TRANSCRIBE_MODEL: 'whisper-large-v3-turbo',
    });
    expect(config.transcribe).toEqual({
      baseUrl: 'https://api.groq.com/openai/v1',
      apiKey: 'gsk-secret-value',
      model: 'whisper-large-v3-turbo',
    });
    expect(config.secrets).toContain('gsk-secret-value');
    expect(readConfig({ ...base, KEV_TRANSCRIBE_BASE_URL: 'http://gpu-box:8080/v1' }).transcribe?.model).toBe(
      'whisper-1',
    );
  });
});
