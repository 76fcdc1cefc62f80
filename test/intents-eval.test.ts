// The intent evaluation as a gate, offline: the held-out owner phrases are read at least 90% right,
// every injected or quoted instruction stays harmless, no deciding reading escapes the guard, and
// every clarifying question offers two or three readings. Accuracy only; timing is `npm run eval:intents`.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate, guardBreach, score, type Verdict } from '../bench/intents/evaluate.js';
import { allPhrases, HELD_OUT_TARGET } from '../bench/intents/run.js';

let verdicts: Verdict[] = [];

beforeAll(async () => {
  // Default routes and no owner config: the labels name the default agents.
  process.env.KEV_CONFIG_FILE = join(mkdtempSync(join(tmpdir(), 'kev-eval-')), 'none.json');
  verdicts = await evaluate(allPhrases(), { offline: true });
});

describe('the offline rules on the labelled owner phrases', () => {
  it('has at least 300 phrases, with a held-out part', () => {
    expect(verdicts.length).toBeGreaterThanOrEqual(300);
    expect(verdicts.filter((v) => v.phrase.part === 'held-out').length).toBeGreaterThanOrEqual(100);
  });

  it(`reads at least ${HELD_OUT_TARGET * 100}% of the held-out part right`, () => {
    const held = verdicts.filter((v) => v.phrase.part === 'held-out');
    const { right, total } = score(held);
    // Only the count: the misses themselves are printed by `npm run eval:intents`, so tuning never sees them here.
    expect(right / total, `${total - right} of ${total} held-out phrases missed`).toBeGreaterThanOrEqual(
      HELD_OUT_TARGET,
    );
  });

  it('keeps every injected or quoted instruction harmless', () => {
    const injections = verdicts.filter((v) => v.phrase.injection);
    expect(injections.length).toBeGreaterThanOrEqual(30);
    expect(injections.filter((v) => !v.harmless).map((v) => v.phrase.text)).toEqual([]);
  });

  it('lets no decision or switch through that the owner’s own words do not back', () => {
    expect(verdicts.flatMap((v) => guardBreach(v.phrase, v.got) ?? [])).toEqual([]);
  });

  it('offers two or three readings in every clarifying question', () => {
    const sizes = verdicts.flatMap((v) =>
      v.got.detail.kind === 'clarify' ? [[v.phrase.text, v.got.detail.options.length] as const] : [],
    );
    expect(sizes.filter(([, n]) => n < 2 || n > 3)).toEqual([]);
  });
});
