// What the shared transport contract needs from each platform: a way to start Kev on it, to speak
// as the owner (and as a stranger, where the platform has strangers), and to read what a person in
// the chat sees. Adding a transport to the contract is adding one rig.

import type { ChatRef } from '../../src/kev/index.js';
import type { KevStack } from './kev-stack.js';

/** One message as the person in the chat sees it. */
export interface Seen {
  text: string;
  /** Reply buttons (Telegram) or numbered options (console), by label. */
  choices: string[];
  document?: { filename: string };
}

export interface Rig {
  readonly kev: KevStack;
  /** The owner's chat on this platform. */
  readonly chat: ChatRef;
  /** The longest single message the platform takes. */
  readonly maxChars: number;
  /** The owner sends a text; resolves once it is handled and the replies are delivered. */
  ownerSays(text: string): Promise<void>;
  /** The owner sends several texts without waiting in between. */
  ownerSaysAll(texts: string[]): Promise<void>;
  /** Someone else writes to the bot; absent where only the owner can reach Kev (a terminal). */
  strangerSays?(text: string): Promise<void>;
  /** What the stranger's chat received. */
  strangerSeen?(): Seen[];
  /** What the owner's chat shows, oldest first. */
  seen(): Seen[];
  /** Answers the latest message with choices by picking `label`, as the platform lets a person do. */
  choose(label: string): Promise<void>;
  stop(): Promise<void>;
}

export interface RigRow {
  platform: string;
  /** Starts Kev on the platform; `owner: false` configures no owner for it at all. */
  start(options: { owner: boolean }): Promise<Rig>;
}
