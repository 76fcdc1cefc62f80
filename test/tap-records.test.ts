// A tap is recorded as its question and option in typed columns, not as "[choice N:M]" text parsed
// back: replay hands back the tap from the columns, the parser's context leaves taps out, and rows
// written by an older Kev are carried over by the migration.

import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/db/index.js';
import { type KevHarness, kevHarness, ScriptedParser } from './helpers/kev.js';
import { databaseBefore } from './helpers/migrate-before.js';

let h: KevHarness | undefined;
afterEach(() => h?.cleanup());

const clarify = () =>
  new ScriptedParser((text) =>
    text === 'which?'
      ? {
          kind: 'clarify',
          question: 'Which one?',
          options: [
            { label: 'Remember', intent: { kind: 'remember', fact: 'the launch is Friday' } },
            { label: 'Help', intent: { kind: 'help' } },
          ],
        }
      : { kind: 'chat', question: text },
  );

describe('tap records', () => {
  it('stores a tap in typed columns, and a replay answers it from them', async () => {
    const parser = clarify();
    h = kevHarness({ parser });
    const [question] = await h.say('which?');
    const promptId = question!.promptId!;
    // As if Kev died right after recording the tap: recorded, never handled.
    h.store.conversation.recordInbound({
      platform: 'memory',
      chatId: 'c1',
      userId: 'owner',
      externalId: 'cb-crash',
      text: 'whatever the display line says',
      choice: { promptId, index: 0 },
    });
    const [row] = h.store.conversation.unhandled('memory');
    expect(row).toMatchObject({ choicePromptId: promptId, choiceIndex: 0 });
    expect(await h.kev.replayUnhandled('memory')).toBe(1);
    await h.delivery.drain();
    expect(h.transport.texts().at(-1)).toBe('Noted (memory 1): the launch is Friday');
    expect(parser.seen).toEqual(['which?']);
  });

  it('leaves taps out of the recent messages the parser sees', async () => {
    h = kevHarness({ parser: clarify() });
    const [question] = await h.say('which?');
    await h.tap(question!.promptId!, 1);
    const taps = h.store.conversation.recent('memory', 'c1').filter((m) => m.choicePromptId !== null);
    expect(taps).toHaveLength(1);
    expect(taps[0]?.text).not.toMatch(/^\[choice/);
  });

  it('migrates taps an older Kev recorded as "[choice N:M]" text', () => {
    const { file, client } = databaseBefore('_tap_columns');
    const insert = client.prepare(
      "insert into messages (platform, direction, chat_id, external_id, user_id, text, at) values ('telegram', 'in', '42', ?, '42', ?, 0)",
    );
    insert.run('cb:1', '[choice 12:3]');
    insert.run('m:2', 'please [choice 1:2] this');
    client.close();
    const store = openStore(file);
    try {
      const rows = store.conversation.unhandled('telegram');
      expect(rows.map((r) => [r.choicePromptId, r.choiceIndex])).toEqual([
        [12, 3],
        [null, null],
      ]);
    } finally {
      store.close();
    }
  });
});
