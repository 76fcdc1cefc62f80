// `kev doctor` checks what `kev start` checks (a config typo is a FAIL with the same sentence), and
// looks inside the queue: waiting tasks no configured model can run, messages parked for good.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { doctor } from '../src/cli/doctor.js';
import { openStore } from '../src/db/index.js';
import { tempDir } from './helpers/store.js';

const saved = { ...process.env };
let dir: string;

async function runDoctor(): Promise<{ code: number; text: string }> {
  let text = '';
  const out = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  const code = await doctor(out);
  return { code, text };
}

beforeEach(() => {
  dir = tempDir('kev-doctor-');
  for (const key of Object.keys(process.env))
    if (/^(KEV_|TELEGRAM_|[A-Z]+_API_KEY$)/.test(key)) delete process.env[key];
  Object.assign(process.env, {
    KEV_DATA_DIR: dir,
    KEV_CONFIG_FILE: join(dir, 'kev.config.json'),
    CLAUDE_BIN: '',
    CODEX_BIN: '',
    PATH: '',
  });
});

afterEach(() => {
  process.env = { ...saved };
});

describe('kev doctor', () => {
  it('says All good on a fresh install', async () => {
    const { code, text } = await runDoctor();
    expect(text).toMatch(/ok {3}tasks +every waiting task has a model that can run it/);
    expect(text).toMatch(/All good\.\n$/);
    expect(code).toBe(0);
  });

  it('fails on a config typo with the sentence start would stop with', async () => {
    writeFileSync(join(dir, 'kev.config.json'), JSON.stringify({ routes: { research: { agnet: 'Scout' } } }));
    const { code, text } = await runDoctor();
    expect(text).toMatch(
      /FAIL routing +.*kev\.config\.json: routes\.research\.agnet: unknown field; did you mean "agent"\?/,
    );
    expect(code).toBe(1);
  });

  it('fails on a misspelt variable', async () => {
    process.env.KEV_DIALY_BUDGET_USD = '3';
    const { code, text } = await runDoctor();
    expect(text).toMatch(
      /FAIL config +KEV_DIALY_BUDGET_USD is not a setting Kev knows; did you mean KEV_DAILY_BUDGET_USD\?/,
    );
    expect(code).toBe(1);
  });

  it('reports waiting tasks no configured model can run, and parked messages', async () => {
    const store = openStore(join(dir, 'kev.db'));
    store.tasks.create({ title: 'Compare vector databases', type: 'research', agent: 'Scout' });
    const row = store.outbox.enqueue({ platform: 'telegram', chatId: '42', payload: { text: 'hi' } });
    store.outbox.park(row.id, '403: Forbidden: bot was blocked by the user');
    store.close();
    const { code, text } = await runDoctor();
    expect(text).toMatch(
      /FAIL tasks +1 waiting task\(s\) no configured model can run: #1 research needs cerebras or gemini/,
    );
    expect(text).toMatch(
      /warn parked +1 message\(s\) to you were refused by telegram and parked; the last: 403: Forbidden: bot was blocked/,
    );
    expect(code).toBe(1);
  });
});
