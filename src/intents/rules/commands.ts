// The command table, in precedence order: task commands (explicit ids first), the rest, casual
// phrasings, then greetings and small talk.
// A message is tried as its core (fillers stripped), then as typed, for greetings like "hello kev".

import type { Intent, ParseContext } from '../../ports/intents.js';
import { CASUAL_COMMANDS } from './casual-commands.js';
import type { CommandRule } from './command-rule.js';
import { GENERAL_COMMANDS } from './general-commands.js';
import { SMALL_TALK_RULES } from './small-talk.js';
import { TASK_COMMANDS } from './task-commands.js';
import type { Message } from './text.js';

export const COMMAND_RULES: CommandRule[] = [
  ...TASK_COMMANDS,
  ...GENERAL_COMMANDS,
  ...CASUAL_COMMANDS,
  ...SMALL_TALK_RULES,
];

/** Longer than this a message is a request or a note, not a command (rows marked `long` aside). */
const COMMAND_LENGTH = 200;

/** "tell me what's going on" asks what "what's going on" asks. */
const TELL_ME = /^(?:(?:can you |could you )?tell me|let me know)\s+(?=\S)/i;

export function matchCommand(message: Message, context: ParseContext): Intent | undefined {
  const forms = message.core === message.plain ? [message.core] : [message.core, message.plain];
  if (TELL_ME.test(message.core)) forms.push(message.core.replace(TELL_ME, ''));
  for (const text of forms) {
    if (!text) continue;
    for (const rule of COMMAND_RULES) {
      if (!rule.long && text.length > COMMAND_LENGTH) continue;
      for (const pattern of rule.patterns) {
        const match = pattern.exec(text);
        if (match) return rule.build(match, context);
      }
    }
  }
  return undefined;
}
