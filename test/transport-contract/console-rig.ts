// The console row of the transport contract: the terminal transport over streams, read back as
// the owner sees it (messages start with "kev › ", choices are numbered, attachments are named).

import { CONSOLE_CHAT, CONSOLE_OWNER, ConsoleTransport } from '../../src/bot/console.js';
import type { Delivery } from '../../src/kev/delivery.js';
import { Screen } from '../helpers/screen.js';
import { startKev } from './kev-stack.js';
import type { Rig, RigRow, Seen } from './rig.js';

function parseScreen(text: string): Seen[] {
  // The owner's own lines are echoed as "you › …"; they are not Kev's messages.
  return text
    .replace(/^you › .*\n?/gm, '')
    .split(/^kev › /m)
    .slice(1)
    .map((block) => {
      const lines = block.replace(/\n$/, '').split('\n');
      const choiceLine = lines.findIndex((l) => /— answer with a number$/.test(l));
      const choices =
        choiceLine >= 0
          ? [...(lines[choiceLine] ?? '').matchAll(/\[\d+\] (.+?)(?= {2}|$)/g)].map((m) => m[1]!)
          : [];
      const attached = lines.map((l) => /^ {6}\(attached (\S+), \d+ characters\)$/.exec(l)).find(Boolean);
      const body = lines
        .filter((_, i) => i !== choiceLine)
        .filter((l) => !/^ {6}\(attached /.test(l))
        .map((l, i) => (i === 0 ? l : l.replace(/^ {6}/, '')));
      return {
        text: body.join('\n'),
        choices,
        ...(attached ? { document: { filename: attached[1]! } } : {}),
      };
    });
}

export const consoleRow: RigRow = {
  platform: 'console',
  async start({ owner }) {
    const screen = new Screen();
    let delivery: Delivery | undefined;
    const transport = new ConsoleTransport({
      input: screen.input,
      output: screen.output,
      interactive: false,
      afterEach: () => delivery?.drain() ?? Promise.resolve(),
    });
    const kev = await startKev(transport, owner ? { console: new Set([CONSOLE_OWNER]) } : {}, (d) => {
      delivery = d;
    });
    const rig: Rig = {
      kev,
      chat: { platform: 'console', chatId: CONSOLE_CHAT },
      maxChars: Number.POSITIVE_INFINITY,
      async ownerSays(text) {
        await rig.ownerSaysAll([text]);
      },
      async ownerSaysAll(texts) {
        const before = kev.handled.length;
        for (const text of texts) screen.type(text);
        await kev.settle(before + texts.length);
      },
      seen: () => parseScreen(screen.text),
      async choose(label) {
        const last = rig.seen().findLast((m) => m.choices.length > 0);
        const index = last?.choices.indexOf(label) ?? -1;
        if (index < 0) throw new Error(`no choice “${label}” on the screen:\n${screen.text}`);
        await rig.ownerSays(String(index + 1));
      },
      stop: () => kev.stop(),
    };
    return rig;
  },
};
