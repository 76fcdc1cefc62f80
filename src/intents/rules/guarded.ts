// The rules answer to the same guard as the model: a decision or a switch stands only when the
// owner's own words ask for it and name its target; tasks from relayed instructions wait for a tap.

import type { Intent, ParseContext } from '../../ports/intents.js';
import { tighten, unbacked } from '../llm-parser/guard.js';
import { clarify } from './clarify.js';

export function guarded(intent: Intent, text: string, context: ParseContext): Intent {
  if (!unbacked(intent, text, context)) return tighten(intent, text);
  return clarify('I act on decisions only in your own words, naming the task. What should I do?', [
    { label: "Show what's in review", intent: { kind: 'queue', state: 'review' } },
    { label: 'Show the queue', intent: { kind: 'queue' } },
    { label: 'Status', intent: { kind: 'status' } },
  ]);
}
