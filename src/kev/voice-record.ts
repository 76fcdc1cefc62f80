// How a voice note not yet transcribed is kept in the conversation log: recorded first as a marker
// carrying the transport's ref, so a replay after a crash can fetch and transcribe it again; once
// transcribed, the row holds what it said.

import type { Incoming, PendingVoice, VoiceNote } from '../ports/chat.js';

const MARKER = /^\[voice note ref:(.+)\]$/s;

/** The voice note of an update that still has to be transcribed, if any. */
export function pendingVoiceOf(incoming: Incoming): PendingVoice | undefined {
  const voice = incoming.kind === 'text' ? incoming.voice : undefined;
  return voice && 'ref' in voice ? voice : undefined;
}

/** The conversation text recorded for a pending voice note. */
export function voiceMarker(ref: string): string {
  return `[voice note ref:${ref}]`;
}

/** The ref of a recorded pending voice note, or undefined for any other text. */
export function voiceRefOf(text: string): string | undefined {
  return MARKER.exec(text)?.[1];
}

/** Transcribes a pending voice note; the port promises no throw, a throw is still a failure. */
export async function transcribePending(pending: PendingVoice): Promise<VoiceNote> {
  try {
    return await pending.transcribe();
  } catch {
    return { unavailable: 'failed', reason: 'the transcriber failed' };
  }
}

/** A replayed voice note whose transport cannot fetch it again. */
export const VOICE_LOST: VoiceNote = {
  unavailable: 'failed',
  reason: 'I restarted before it was transcribed, and cannot fetch it again',
};
