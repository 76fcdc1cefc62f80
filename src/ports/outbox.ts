// The outbox payload: what a queued outgoing item carries. The core writes it, the store keeps it as
// JSON, the delivery loop reads it back and hands it to a transport.

import type { OutgoingMessage } from './chat.js';

/** Contract: a send carries the whole message; an edit carries the new text and the line shown instead. */
export type OutboxPayload = OutgoingMessage;
