// Readable results: /show gives the first screen with line breaks kept and says how to get the rest,
// /result sends the whole result (a captioned document when long), and on Telegram the model's
// Markdown is rendered as Telegram HTML (checked by the fake's strict parser), plain text when
// Telegram cannot parse it.

import { afterEach, describe, expect, it } from 'vitest';
import { OWNER, ownerChat, type Stack, sendReview, startStack } from './fakes/telegram/harness.js';
import { type FakeBotApi, startFakeBotApi } from './fakes/telegram/index.js';
import { type KevHarness, kevHarness } from './helpers/kev.js';
import { tempDir } from './helpers/store.js';

let h: KevHarness | undefined;
let fake: FakeBotApi | undefined;
let stack: Stack | undefined;
afterEach(async () => {
  h?.cleanup();
  h = undefined;
  await stack?.stop();
  stack = undefined;
  await fake?.close();
  fake = undefined;
});

function withResult(harness: KevHarness, result: string) {
  const task = harness.store.tasks.create({
    title: 'Compare vector databases',
    type: 'research',
    agent: 'Scout',
  });
  harness.store.tasks.claim('w', 60_000);
  return harness.store.tasks.complete(task.id, 'w', result);
}

const LONG = Array.from({ length: 80 }, (_, i) => `${i + 1}. Finding number ${i + 1}`).join('\n');

describe('results in the core', () => {
  it('/show keeps line breaks, shows the first screen and says how to get the rest', async () => {
    h = kevHarness();
    withResult(h, LONG);
    const [shown] = await h.say('/show 1');
    expect(shown?.text).toContain('Result:\n1. Finding number 1\n2. Finding number 2\n3. Finding number 3');
    expect(shown?.text).not.toContain('Finding number 80');
    expect(shown?.text).toMatch(/… 55 more lines: \/result 1 sends the whole result\./);
  });

  it('/result sends a short result whole, a long one as a captioned document', async () => {
    h = kevHarness();
    withResult(h, '## Findings\n- Qdrant');
    const [short] = await h.say('/result 1');
    expect(short).toMatchObject({
      text: 'Result of #1 · Compare vector databases\n\n## Findings\n- Qdrant',
      markdown: true,
    });
    const long = withResult(h, `${LONG}\n${'x'.repeat(3000)}`);
    const [file] = await h.say(`/result ${long.id}`);
    expect(file?.document).toEqual({
      filename: `task-${long.id}-result.txt`,
      content: long.result,
      caption: `#${long.id} Compare vector databases — the full result by Scout`,
    });
  });
});

describe('results on Telegram', () => {
  const chat = () => ownerChat(fake as FakeBotApi);

  it('renders the model’s Markdown as Telegram HTML', async () => {
    fake = await startFakeBotApi();
    fake.world.privateChat(OWNER);
    stack = await startStack({ fake, file: `${tempDir('kev-md-')}/kev.db` });
    sendReview(
      stack,
      '## Findings\n\n- **Qdrant** leads\n- [pgvector](https://github.com/pgvector/pgvector) is *enough*\n\nRun `npm test`:\n\n```sh\nnpm test\n```',
    );
    const [review] = await fake.waitFor(() => chat().length === 1 && chat(), 'the review');
    expect(review?.raw).toContain('<b>Findings</b>');
    expect(review?.raw).toContain('• <b>Qdrant</b> leads');
    expect(review?.raw).toContain(
      '• <a href="https://github.com/pgvector/pgvector">pgvector</a> is <i>enough</i>',
    );
    expect(review?.raw).toContain('<code>npm test</code>');
    expect(review?.raw).toContain('<pre><code class="language-sh">npm test</code></pre>');
    expect(review?.text).not.toContain('##');
    expect(review?.text).not.toContain('**');
  });

  it('falls back to plain text when Telegram cannot parse the HTML', async () => {
    fake = await startFakeBotApi();
    fake.world.privateChat(OWNER);
    stack = await startStack({ fake, file: `${tempDir('kev-md-')}/kev.db` });
    fake.inject('sendMessage', {
      status: 400,
      description: "Bad Request: can't parse entities: unsupported tag",
    });
    sendReview(stack, '## Findings\n- **Qdrant**');
    const [review] = await fake.waitFor(() => chat().length === 1 && chat(), 'the review');
    expect(review?.text).toContain('## Findings\n- **Qdrant**');
    expect(review?.buttons.flat().map((b) => b.text)).toEqual(['Approve', 'Reject', 'Revise']);
  });

  it('sends a long result as a document with a caption', async () => {
    fake = await startFakeBotApi();
    fake.world.privateChat(OWNER);
    stack = await startStack({ fake, file: `${tempDir('kev-md-')}/kev.db` });
    const task = sendReview(stack, `${LONG}\n${'x'.repeat(3000)}`);
    const document = await fake.waitFor(() => chat().find((m) => m.document), 'the document');
    expect(document.text).toBe(`#${task.id} Compare vector databases — the full result by Scout`);
  });
});
