// A hello from the owner ("morning Kev!") gets a hello back, never a menu; before noon in the
// owner's time zone it also offers the brief as one tap.

import type { ActionContext, ActionResult } from './types.js';
import { say } from './types.js';

const NOON = 12;
const DAWN = 4;

function localHour(at: number, timeZone: string): number {
  const hour = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(at);
  return Number(hour);
}

export function greet(ctx: ActionContext): ActionResult {
  const hour = localHour(ctx.now, ctx.timezone);
  if (hour >= DAWN && hour < NOON) {
    return {
      replies: [
        {
          text: 'Morning! Want the brief on what happened overnight?',
          choices: [
            { label: 'Send the brief', intent: { kind: 'brief' } },
            {
              label: 'Not now',
              intent: { kind: 'chat', question: 'not now', answer: 'Sure. Just ask when you want it.' },
            },
          ],
        },
      ],
    };
  }
  const hello = hour >= 18 || hour < DAWN ? 'Evening!' : 'Hi!';
  return say(
    `${hello} Good to hear from you. Tell me what you need, or say “status” to see what the team is on.`,
  );
}
