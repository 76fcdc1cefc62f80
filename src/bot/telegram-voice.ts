// A Telegram voice note (or audio file) as text: the file is fetched through getFile and the Bot
// API's file download, then handed to the Transcribe port. Without a transcriber the owner is
// told how to switch voice notes on (the core words it). Kev records the note first, with a ref
// (the file id and what the download needs), and a replay after a crash fetches it again from it.

import type { Api } from 'grammy';
import type { Message } from 'grammy/types';
import type { PendingVoice, Transcribe, VoiceNote } from '../ports/chat.js';

/** Telegram serves bot downloads up to 20 MB; a longer note is refused before fetching. */
const MAX_BYTES = 20 * 1024 * 1024;

/** The message's voice note or audio file, when it carries one Kev can fetch (a string file id). */
export function voiceOf(message: Message | undefined): Message['voice'] | Message['audio'] | undefined {
  const voice = message?.voice ?? message?.audio;
  return typeof voice?.file_id === 'string' ? voice : undefined;
}

export async function transcribeVoice(options: {
  api: Api;
  apiRoot: string;
  token: string;
  voice: NonNullable<Message['voice'] | Message['audio']>;
  transcribe: Transcribe | undefined;
}): Promise<VoiceNote> {
  const { api, voice, transcribe } = options;
  if (!transcribe) return { unavailable: 'off' };
  if ((voice.file_size ?? 0) > MAX_BYTES) return { unavailable: 'failed', reason: 'it is larger than 20 MB' };
  try {
    const file = await api.getFile(voice.file_id);
    if (!file.file_path) return { unavailable: 'failed', reason: 'Telegram did not give the file' };
    const response = await fetch(`${options.apiRoot}/file/bot${options.token}/${file.file_path}`);
    if (!response.ok) return { unavailable: 'failed', reason: `the download failed (${response.status})` };
    const data = Buffer.from(await response.arrayBuffer());
    const result = await transcribe({
      data,
      mimeType: voice.mime_type ?? 'audio/ogg',
      filename: file.file_path.split('/').pop() ?? 'voice.oga',
      seconds: voice.duration,
    });
    return result.ok ? { transcript: result.text } : { unavailable: 'failed', reason: result.reason };
  } catch {
    // The reason may carry the file URL, and with it the token: it is not repeated.
    return { unavailable: 'failed', reason: 'the voice note could not be downloaded' };
  }
}

type TelegramVoice = NonNullable<Message['voice'] | Message['audio']>;

/** The note as Kev records it before transcribing: transcribe() fetches and transcribes it. */
export function pendingVoice(
  options: Omit<Parameters<typeof transcribeVoice>[0], 'voice'>,
  voice: TelegramVoice,
): PendingVoice {
  const { file_id, file_unique_id, file_size, mime_type, duration } = voice;
  const ref = JSON.stringify({ file_id, file_unique_id, file_size, mime_type, duration });
  return { ref, transcribe: () => transcribeVoice({ ...options, voice }) };
}

/** A note recorded before a restart, from its ref (a file id stays valid on Telegram). */
export function voiceFromRef(
  options: Omit<Parameters<typeof transcribeVoice>[0], 'voice'>,
  ref: string,
): PendingVoice {
  return pendingVoice(options, JSON.parse(ref) as TelegramVoice);
}
