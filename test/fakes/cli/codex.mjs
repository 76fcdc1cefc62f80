#!/usr/bin/env node
// Fake `codex exec --json`: prints the real JSONL event shapes (thread.started, item.*, turn.*,
// error) for each FAKE_CLI_MODE. See fake-common.mjs for recording and the process-tree modes.

import { resolve } from 'node:path';
import {
  delayMs,
  editFiles,
  hang,
  main,
  optionValue,
  println,
  promptFrom,
  sleep,
  spawnGrandchild,
  summaryOr,
} from './fake-common.mjs';

const THREAD = '0199a213-81c0-7800-8aa1-bbab2a035a53';

function start(argv) {
  const resumeAt = argv.indexOf('resume');
  println({ type: 'thread.started', thread_id: resumeAt === -1 ? THREAD : argv[resumeAt + 1] });
  println({ type: 'turn.started' });
}

function finish(text, changedPath) {
  println({
    type: 'item.completed',
    item: { id: 'item_0', type: 'reasoning', text: '**Reading the repository layout**' },
  });
  const command = {
    id: 'item_1',
    type: 'command_execution',
    command: "bash -lc 'ls'",
    aggregated_output: '',
  };
  println({ type: 'item.started', item: { ...command, exit_code: null, status: 'in_progress' } });
  println({
    type: 'item.completed',
    item: { ...command, aggregated_output: 'README.md\n', exit_code: 0, status: 'completed' },
  });
  if (changedPath) {
    println({
      type: 'item.completed',
      item: {
        id: 'item_2',
        type: 'file_change',
        changes: [{ path: changedPath, kind: 'add' }],
        status: 'completed',
      },
    });
  }
  println({ type: 'item.completed', item: { id: 'item_3', type: 'agent_message', text } });
  println({
    type: 'turn.completed',
    usage: { input_tokens: 24763, cached_input_tokens: 24448, output_tokens: 122 },
  });
  return 0;
}

function workdir(argv) {
  return resolve(optionValue(argv, '--cd') ?? process.cwd());
}

async function edit(argv, commit) {
  start(argv);
  const dir = workdir(argv);
  const file = await editFiles(dir, promptFrom(argv), commit);
  return finish(summaryOr(`${commit ? 'Committed' : 'Edited'} ${file}`, dir), resolve(dir, file));
}

await main({
  success: (argv) => {
    start(argv);
    return finish(`Done: ${promptFrom(argv)}`);
  },
  error_result: (argv) => {
    start(argv);
    println({ type: 'error', message: 'stream disconnected before completion; retrying 1/5' });
    println({ type: 'turn.failed', error: { message: 'unexpected status 401 Unauthorized' } });
    return 1;
  },
  partial_then_exit1: (argv) => {
    start(argv);
    process.stdout.write('{"type":"item.completed","item":{"id":"item_0","ty');
    process.stderr.write('thread panicked: broken pipe\n');
    return 1;
  },
  garbage: () => {
    println('Reading prompt from stdin... <not json at all>');
    return 0;
  },
  hang,
  hang_with_grandchild: async (argv) => {
    start(argv);
    spawnGrandchild();
    return hang();
  },
  exit_leaving_grandchild: (argv) => {
    start(argv);
    spawnGrandchild();
    return finish(`Done: ${promptFrom(argv)}`);
  },
  slow: async (argv) => {
    start(argv);
    await sleep(delayMs());
    return finish(`Done: ${promptFrom(argv)}`);
  },
  edit: (argv) => edit(argv, false),
  edit_and_commit: (argv) => edit(argv, true),
});
