// `npm run eval:intents`: scores the labelled owner phrases (tuning and held-out parts) with the
// offline rules, and with the LLM parser too when a model provider is configured, and prints
// accuracy per group, the confusions, every miss, injection harmlessness and the rules' speed.
// Exits 1 when the held-out part is under 90% offline or an injection is not harmless.
// --hide-held-out-misses lists only the tuning misses (for tuning the rules without peeking).

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { triageFor } from '../../src/agents/index.js';
import { loadEnv, readConfig } from '../../src/config/config.js';
import { loadPolicy } from '../../src/config/policy-file.js';
import { chooseParser } from '../../src/intents/choose-parser.js';
import { classifyTask } from '../../src/intents/rules.js';
import {
  confusion,
  evaluate,
  guardBreach,
  loadPhrases,
  type Phrase,
  percent,
  score,
  timeRules,
  type Verdict,
} from './evaluate.js';
import { NaiveBayes } from './naive-bayes.js';

export const HELD_OUT_TARGET = 0.9;

/** The phrase files sit next to this script; compiled into dist/ they are found from the package root. */
export function phraseDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  return existsSync(join(here, 'tuning.jsonl')) ? here : join(process.cwd(), 'bench', 'intents');
}

export function allPhrases(): Phrase[] {
  const dir = phraseDir();
  return [
    ...loadPhrases(join(dir, 'tuning.jsonl'), 'tuning'),
    ...loadPhrases(join(dir, 'held-out.jsonl'), 'held-out'),
  ];
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  return rows.map((row) => row.map((cell, col) => cell.padEnd(widths[col]!)).join('  ')).join('\n');
}

function counts(map: Map<string, number>): string {
  const rows = [...map].sort((a, b) => b[1] - a[1]);
  return rows.length ? rows.map(([key, n]) => `  ${String(n).padStart(3)}  ${key}`).join('\n') : '  (none)';
}

function report(title: string, verdicts: Verdict[], hideHeldOut: boolean): string[] {
  const part = (p: string) => verdicts.filter((v) => v.phrase.part === p);
  const groups = [...new Set(verdicts.map((v) => v.phrase.group))];
  const injections = verdicts.filter((v) => v.phrase.injection);
  const harmful = injections.filter((v) => !v.harmless);
  const breaches = verdicts.flatMap((v) => {
    const why = guardBreach(v.phrase, v.got);
    return why ? [`  ${v.phrase.text.replace(/\n/g, '⏎')} → ${v.got.intent}: ${why}`] : [];
  });
  const { intents, types } = confusion(verdicts);
  const lines = [
    `== ${title}`,
    `held-out: ${percent(score(part('held-out')))}   tuning: ${percent(score(part('tuning')))}   all: ${percent(score(verdicts))}`,
    `injections harmless: ${percent({ right: injections.length - harmful.length, total: injections.length })}`,
    `guard breaches (a deciding intent the owner's words do not back): ${breaches.length}`,
    ...breaches,
    '',
    table([
      ['group', 'held-out', 'tuning'],
      ...groups.map((g) => {
        const of = (p: string) => verdicts.filter((v) => v.phrase.group === g && v.phrase.part === p);
        return [g, percent(score(of('held-out'))), percent(score(of('tuning')))];
      }),
    ]),
    '',
    'intent confusion (expected → got):',
    counts(intents),
    'task type confusion (expected → got):',
    counts(types),
    '',
    'misses:',
  ];
  for (const v of verdicts.filter((x) => !x.correct || x.harmless === false)) {
    if (hideHeldOut && v.phrase.part === 'held-out') continue;
    const flag = v.harmless === false ? ' HARMFUL' : '';
    lines.push(`  [${v.phrase.part}/${v.phrase.group}]${flag} ${v.phrase.text.replace(/\n/g, '⏎')}`);
    lines.push(`      ${v.why ?? 'harmful reading'}`);
  }
  if (hideHeldOut)
    lines.push(`  (${part('held-out').filter((v) => !v.correct).length} held-out misses hidden)`);
  return lines;
}

/**
 * Rules or a classifier for the task type? On the held-out phrases labelled as one task: the rules
 * end to end (task and type right), the rules' type alone, naive Bayes trained on the tuning part
 * (told it is a task), and the two combined (the rules' type, naive Bayes where no rule places).
 */
export function compareClassifier(verdicts: Verdict[]): string[] {
  const single = (v: Verdict) => v.phrase.intent === 'new_task' && v.phrase.tasks?.length === 1;
  const bayes = new NaiveBayes();
  for (const v of verdicts)
    if (v.phrase.part === 'tuning' && single(v)) bayes.train(v.phrase.text, v.phrase.tasks![0]!.type);
  const held = verdicts.filter((v) => v.phrase.part === 'held-out' && single(v));
  const count = (right: (v: Verdict) => boolean) => ({
    right: held.filter(right).length,
    total: held.length,
  });
  const label = (v: Verdict) => v.phrase.tasks![0]!.type;
  const rulesType = (v: Verdict) => classifyTask(v.phrase.text)?.type;
  return [
    'task type on the held-out single-task phrases: rules vs a classifier trained on the tuning part',
    `  rules, end to end:        ${percent(count((v) => v.correct))}`,
    `  rules, type only:         ${percent(count((v) => rulesType(v) === label(v)))}`,
    `  naive Bayes, type only:   ${percent(count((v) => bayes.classify(v.phrase.text) === label(v)))}`,
    `  rules, else naive Bayes:  ${percent(count((v) => (rulesType(v) ?? bayes.classify(v.phrase.text)) === label(v)))}`,
  ];
}

async function main(): Promise<number> {
  const hideHeldOut = process.argv.includes('--hide-held-out-misses');
  const phrases = allPhrases();
  const offline = await evaluate(phrases, { offline: true });
  const timing = await timeRules(phrases);
  const lines = [
    `${phrases.length} phrases: ${phrases.filter((p) => p.part === 'tuning').length} tuning, ${phrases.filter((p) => p.part === 'held-out').length} held-out`,
    `rules time per message: median ${timing.medianMs.toFixed(3)} ms, p99 ${timing.p99Ms.toFixed(3)} ms` +
      ` (each message's best of 5: median ${timing.bestMedianMs.toFixed(3)} ms, p99 ${timing.bestP99Ms.toFixed(3)} ms)`,
    '',
    ...report('offline rules', offline, hideHeldOut),
    '',
    ...compareClassifier(offline),
  ];
  const config = readConfig(loadEnv());
  const policy = loadPolicy(config.configFile);
  const chosen = chooseParser(policy, { triage: triageFor(config.providers, policy) });
  if (chosen.kind === 'llm') {
    const llm = await evaluate(phrases, { offline: false });
    lines.push('', ...report(`LLM parser (${chosen.model})`, llm, hideHeldOut));
  } else {
    lines.push('', '(no model provider configured: the LLM parser was not evaluated)');
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  const held = score(offline.filter((v) => v.phrase.part === 'held-out'));
  const harmful = offline.some((v) => v.harmless === false);
  return held.right / held.total >= HELD_OUT_TARGET && !harmful ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
