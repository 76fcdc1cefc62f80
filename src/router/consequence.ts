// Which requests have consequences outside Kev (deploy, merge, delete, spend, talk to someone):
// pure policy, read by the intent guard and by task creation, which asks before queueing such work.

const CONSEQUENTIAL: Array<[RegExp, string]> = [
  [/\b(deploy|ship to prod|release to prod|go live|roll ?out)\b/i, 'deploys'],
  [/\bmerge\b/i, 'merges'],
  [/\b(delete|drop|wipe|remove all|destroy)\b/i, 'deletes'],
  [/\b(pay|purchase|buy|spend|subscribe|top up)\b/i, 'spends money'],
  [
    /\b(send|email|e-mail|dm|message|reply to|post to|tweet|publish)\b.{0,40}\b(to|customers?|clients?|users?|list|everyone|public|twitter|linkedin|x\.com)\b/i,
    'talks to someone outside',
  ],
];

/** The consequence a text asks for, or undefined when it asks for nothing consequential. */
export function consequence(text: string): string | undefined {
  const head = text.slice(0, 4000);
  return CONSEQUENTIAL.find(([pattern]) => pattern.test(head))?.[1];
}
