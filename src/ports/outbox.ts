// The outbox payload: what a queued outgoing item carries. The core writes it, the store keeps it as
// JSON, the delivery loop reads it back (validated: a row that no longer parses is parked) and hands
// it to a transport.

import { z } from 'zod';
import type { OutgoingMessage } from './chat.js';

/** Contract: a send carries the whole message; an edit carries the new text and the line shown instead. */
export type OutboxPayload = OutgoingMessage;

/** What a stored outbox payload must still look like when the delivery loop reads it back. */
export const OutboxPayloadSchema: z.ZodType<OutboxPayload> = z.object({
  text: z.string(),
  choices: z.array(z.string()).optional(),
  promptId: z.number().int().optional(),
  document: z
    .object({ filename: z.string(), content: z.string(), caption: z.string().optional() })
    .optional(),
  note: z.string().optional(),
  markdown: z.boolean().optional(),
});
