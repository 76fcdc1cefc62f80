// Command rows about one task: approve, reject, revise, cancel, retry, show. Approve, cancel and
// retry act only on an explicit number in a command-shaped message ("approve 3"); by context they
// ask first, except the plain sign-off "ship it" on the task just reviewed.

import type { Intent, ParseContext } from '../../ports/intents.js';
import { confirmApproval, confirmStep, deleteWhich, noBulk, oneAtATime, whichTask } from './clarify.js';
import { type CommandRule, ID, idOf, textOf, whole } from './command-rule.js';

const IT = '(?:it|that|this|this one|that one|the last one|the last task|the latest(?: one)?)';
/** Praise after a sign-off: "approve 3, great work". */
const PRAISE =
  '(?:[,.!\\s-]+(?:great|nice|good|awesome|perfect|excellent|thanks|thank you|cheers|well done|looks good|lgtm)(?: (?:work|job|stuff|one))?)*';
/** A joining word before a reason or notes, left out of them: "reject it because …", "redo it but …". */
const LINK = '(?:(?:because|since|bc|coz|but|and|so|with|to)\\s+)?';
const REASON = '(?:\\s*[:,-]\\s*|\\s+(?:because|since|as|coz|cause|bc|reason:?)\\s+|\\s+)';

function withTask(context: ParseContext, verb: string, intent: (taskId: number) => Intent): Intent {
  return context.lastTaskId === undefined ? whichTask(verb) : intent(context.lastTaskId);
}

function confirmed(context: ParseContext, verb: string, intent: (taskId: number) => Intent): Intent {
  const taskId = context.lastTaskId;
  return taskId === undefined ? whichTask(verb) : confirmStep(verb, taskId, intent(taskId));
}

export const TASK_COMMANDS: CommandRule[] = [
  {
    kind: 'clarify',
    patterns: whole(
      '(approve|ship|accept|merge|cancel|kill|abort|retry|rerun|reject|delete|remove)\\s+(?:all|everything|every\\s+\\w+|them all|all (?:of )?(?:them|the tasks|tasks|pending))\\b.*',
    ),
    build: (match) => noBulk(match[1]!.toLowerCase()),
  },
  {
    kind: 'clarify',
    patterns: whole(`(approve|ship|cancel|retry|reject)\\s+(${ID}(?:\\s*(?:,|and|&|\\+)\\s*${ID})+)`),
    build: (match) => oneAtATime(match[1]!.toLowerCase(), match[2]!),
  },
  {
    kind: 'approve',
    patterns: whole(
      `(?:approve|approved|ship|lgtm|accept|accepted|merge|publish|greenlight|green light|sign off(?: on)?)\\s+${ID}${PRAISE}`,
      `${ID}\\s*(?:looks good|lgtm|is good|is approved|approved|ship it|good to go|is fine)(?:,? ship it)?`,
      `(?:looks good|lgtm|great|perfect)[,.!\\s-]+(?:ship|approve)\\s+${ID}`,
    ),
    build: (match) => ({ kind: 'approve', taskId: idOf(match) }),
  },
  {
    kind: 'reject',
    patterns: whole(`(?:reject|rejected|decline|deny|veto|turn down)\\s+${ID}(?:${REASON}(.*))?`),
    build: (match) => ({ kind: 'reject', taskId: idOf(match), reason: textOf(match, 2) }),
  },
  {
    kind: 'retry',
    patterns: whole(
      `(?:retry|rerun|re-run|restart|redo|run again)\\s+${ID}`,
      `(?:try|run|do)\\s+${ID}\\s+again`,
      `give\\s+${ID}\\s+another (?:go|shot|try)`,
    ),
    build: (match) => ({ kind: 'retry', taskId: idOf(match) }),
  },
  {
    kind: 'revise',
    patterns: whole(
      `(?:revise|redo|rework|iterate on)\\s+${ID}(?:(?:\\s*[:,-]\\s*|\\s+(?:to|so|and|with|but)\\s+|\\s+)(.+))?`,
      '(?:edit|change|update|tweak|improve|fix)\\s+(?:task\\s*#?|#)\\s*(\\d{1,9})\\s*[:,-]?\\s*(.+)',
      '(?:task\\s*)?#(\\d{1,9})\\s*[:,-]\\s*(.+)',
    ),
    build: (match) => ({ kind: 'revise', taskId: idOf(match), notes: textOf(match, 2) }),
  },
  {
    kind: 'cancel',
    patterns: whole(
      `(?:cancel|stop|kill|abort|drop|halt|terminate|nuke|scrap)\\s+${ID}`,
      '(?:delete|remove|scrap)\\s+(?:(?:task|job)\\s*#?|#)\\s*(\\d{1,9})',
    ),
    build: (match) => ({ kind: 'cancel', taskId: idOf(match) }),
  },
  {
    kind: 'clarify',
    patterns: whole('(?:delete|remove|erase)\\s+#?\\s*(\\d{1,9})'),
    build: (match) => deleteWhich(idOf(match)),
  },
  {
    kind: 'show',
    patterns: whole(
      ID,
      `(?:show|view|open|see|display|inspect|pull up|review|look at|check|check on|details|detail|info|output|result|results)(?: me)?(?: (?:the )?(?:details|output|result|results|status|progress) (?:of|for|on))?\\s+${ID}`,
      `(?:details|info|output|results?|status|state|progress|update|updates|news) (?:of|for|on|about|with)\\s+${ID}`,
      `what'?s? (?:happened|happening|going on|up|new) (?:with|to|on)\\s+${ID}`,
      `(?:what'?s|what is) (?:the )?(?:status|state|progress|deal|story|latest) (?:of|on|with|for)\\s+${ID}`,
      `(?:how'?s|how is|how are things with|how'?s it going with|where'?s|where is|where are we (?:on|with)|any (?:news|update|updates|progress) (?:on|about|for|with)|status on)\\s+${ID}(?: (?:going|doing|coming along|looking))?`,
      `(?:is|has)\\s+${ID} (?:done|finished|ready|complete|completed)(?: yet)?`,
      `why did\\s+${ID}\\s+fail`,
    ),
    build: (match) => ({ kind: 'show', taskId: idOf(match) }),
  },
  {
    kind: 'approve',
    patterns: whole(
      "(?:(?:(?:it |that |this )?looks?|it'?s|that'?s|all) (?:good|great|fine|perfect|ok|okay)|lgtm|perfect|great|nice|awesome|love it|good|yes|yep|yeah|ok|okay|cool)?[,.!\\s-]*(?:ship it|ship|approve(?: it| that| this| this one| that one)?|approved|lgtm|good to go|send it|merge it|publish it|let'?s ship it)",
    ),
    build: (_match, context) => withTask(context, 'approve', (taskId) => ({ kind: 'approve', taskId })),
  },
  {
    kind: 'clarify',
    patterns: whole(
      "(?:(?:it |that |this )?looks? (?:good|great|fine|perfect|ok|okay)|(?:that|this|it)(?:'s| is) (?:good|great|perfect|fine)|love it|perfect|great work|nice work|good job|well done|nice one|go ahead|sure,? go ahead)",
    ),
    build: (match, context) =>
      context.lastTaskId === undefined
        ? { kind: 'chat', question: match[0] }
        : confirmApproval(context.lastTaskId),
  },
  {
    kind: 'reject',
    patterns: whole(
      `(?:(?:nope|no|nah)[,.!\\s]+)?(?:reject|decline|veto)\\s+${IT}(?:\\s*[:,-]?\\s*${LINK}(.+))?`,
      `(?:(?:nope|no|nah)[,.!\\s]+)?(?:reject|decline|veto)(?:\\s*[:,-]\\s*(.+)|\\s+(?:because|since|as|bc)\\s+(.+))?`,
    ),
    build: (match, context) =>
      withTask(context, 'reject', (taskId) => ({ kind: 'reject', taskId, reason: textOf(match) })),
  },
  {
    kind: 'retry',
    patterns: whole(
      `(?:retry|rerun|re-run|redo|restart)(?: ${IT})?`,
      `(?:try|run|do) ${IT} again|try again|give it another (?:go|shot|try)|one more time`,
    ),
    build: (_match, context) => confirmed(context, 'retry', (taskId) => ({ kind: 'retry', taskId })),
  },
  {
    kind: 'cancel',
    patterns: whole(`(?:cancel|stop|kill|abort|drop|scrap|nuke) ${IT}`, '(?:never ?mind,? )?cancel'),
    build: (_match, context) => confirmed(context, 'cancel', (taskId) => ({ kind: 'cancel', taskId })),
  },
  {
    kind: 'revise',
    patterns: whole(
      `(?:revise|rework|rewrite|tweak|change|edit|shorten|expand|simplify|polish|redo)\\s+${IT}(?:\\s*[:,-]?\\s*${LINK}(.+))?`,
      '(?:make|keep) (?:it|this|that|them|the (?:text|copy|post|draft|title|intro|tone)) .+',
      "(?:it'?s |that'?s |this is |way |a bit |a little |still )*too (?:long|short|formal|casual|wordy|vague|generic|technical|salesy|stiff|dry|boring|verbose|complicated|much|expensive)(?:[\\s,.;:-].*)?",
      '(?:shorter|longer|simpler|punchier|more concise|less formal|more formal|more casual|more detailed|less detail)(?:[\\s,.;:-].*)?',
      '(?:more|less|fewer) (?:detail|details|formal|casual|concise|technical|examples|data|sources|context|emoji|jokes|punchy|friendly|jargon|words|bullet points)(?:[\\s,.;:-].*)?',
      '(?:add|include|remove|drop|cut) (?:.{1,60}) (?:to|from|in) (?:it|this|that)(?:[\\s,.;:-].*)?',
      '(?:try|do) (?:it )?again (?:with|but|and) (.+)',
    ),
    build: (match, context) =>
      withTask(context, 'revise', (taskId) => ({ kind: 'revise', taskId, notes: textOf(match) ?? match[0] })),
  },
  {
    kind: 'show',
    patterns: whole(
      `(?:show|open|view|see)(?: me)? ${IT}|(?:show|open)(?: me)? the (?:result|results|output)`,
    ),
    build: (_match, context) => withTask(context, 'show', (taskId) => ({ kind: 'show', taskId })),
  },
];
