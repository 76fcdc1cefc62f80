// One WhatsApp message (a Baileys WAMessage) to what Kev reads: text, a voice note, or a reaction,
// or the reason it is ignored. Only the owner counts, matched by phone-number JID and by LID (the
// message's remoteJidAlt, else Baileys' LID mapping store); groups, status, broadcasts,
// newsletters and everyone else are ignored. In self-chat (Kev on the owner's own number) the
// owner's messages come as fromMe, and Kev's own sends are told apart by their remembered ids.

import {
  isJidBroadcast,
  isJidGroup,
  isJidNewsletter,
  isJidStatusBroadcast,
  isLidUser,
  jidDecode,
  normalizeMessageContent,
  type WAMessage,
} from '@whiskeysockets/baileys';

export type Normalised =
  | { kind: 'ignore'; why: string }
  | ({ chatJid: string; id: string } & (
      | { kind: 'text'; text: string; quotedId?: string }
      | { kind: 'voice'; seconds?: number; mimeType: string }
      | { kind: 'reaction'; emoji: string; targetId: string }
    ));

export interface InboundContext {
  /** The owner's number, international digits only. */
  ownerDigits: string;
  /** Our own account's number and LID user, when connected (self-chat detection). */
  self: { digits?: string; lidUser?: string };
  /** Ids of messages Kev sent itself (self-chat echo). */
  sentByKev(id: string): boolean;
  /** Phone-number JID for a LID, from Baileys' mapping store. */
  pnForLid(lid: string): Promise<string | undefined>;
  now: number;
  /** Messages older than this are history and are not handled. */
  maxAgeMs: number;
}

const CIPHERTEXT = 2;

/** Nothing of these is even decrypted (Baileys' shouldIgnoreJid). */
export function isIgnoredJid(jid: string): boolean {
  return Boolean(isJidGroup(jid) || isJidBroadcast(jid) || isJidStatusBroadcast(jid) || isJidNewsletter(jid));
}

export function userOf(jid: string | undefined | null): string | undefined {
  return jid ? jidDecode(jid)?.user : undefined;
}

function seconds(timestamp: WAMessage['messageTimestamp']): number {
  if (timestamp === null || timestamp === undefined) return 0;
  return typeof timestamp === 'number' ? timestamp : Number(timestamp.toString());
}

/** Whether the owner wrote this: by PN JID, by LID (alternate JID or mapping), or in self-chat. */
async function ownerOf(message: WAMessage, context: InboundContext): Promise<boolean> {
  const { key } = message;
  const remote = key.remoteJid ?? '';
  if (key.fromMe) {
    const selfChat = context.self.digits === context.ownerDigits;
    const toSelf =
      userOf(remote) === context.self.digits ||
      (isLidUser(remote) && userOf(remote) === context.self.lidUser) ||
      userOf(key.remoteJidAlt) === context.self.digits;
    return selfChat && toSelf && !context.sentByKev(key.id ?? '');
  }
  if (!isLidUser(remote)) return userOf(remote) === context.ownerDigits;
  const alt = key.remoteJidAlt ?? (await context.pnForLid(remote));
  return userOf(alt) === context.ownerDigits;
}

export async function normalise(message: WAMessage, context: InboundContext): Promise<Normalised> {
  const { key } = message;
  const chatJid = key.remoteJid;
  if (!chatJid || !key.id) return { kind: 'ignore', why: 'no chat or id' };
  if (isIgnoredJid(chatJid)) return { kind: 'ignore', why: 'group, status, broadcast or newsletter' };
  if (!(await ownerOf(message, context)))
    return { kind: 'ignore', why: key.fromMe ? 'our own message' : 'not the owner' };
  if (message.messageStubType === CIPHERTEXT || !message.message)
    return { kind: 'ignore', why: 'could not be decrypted (WhatsApp retries it)' };
  const at = seconds(message.messageTimestamp) * 1000;
  if (at > 0 && at < context.now - context.maxAgeMs) return { kind: 'ignore', why: 'old history' };
  const content = normalizeMessageContent(message.message);
  const base = { chatJid, id: key.id };
  const reaction = content?.reactionMessage;
  if (reaction?.key?.id) {
    return { ...base, kind: 'reaction', emoji: reaction.text ?? '', targetId: reaction.key.id };
  }
  const audio = content?.audioMessage;
  if (audio) {
    return {
      ...base,
      kind: 'voice',
      mimeType: audio.mimetype ?? 'audio/ogg',
      ...(audio.seconds ? { seconds: audio.seconds } : {}),
    };
  }
  const extended = content?.extendedTextMessage;
  const text =
    content?.conversation ??
    extended?.text ??
    content?.imageMessage?.caption ??
    content?.videoMessage?.caption ??
    content?.documentMessage?.caption;
  if (typeof text === 'string') {
    const quotedId = extended?.contextInfo?.stanzaId ?? undefined;
    return { ...base, kind: 'text', text, ...(quotedId ? { quotedId } : {}) };
  }
  return { kind: 'ignore', why: 'a kind of message Kev does not read' };
}
