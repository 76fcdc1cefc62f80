#!/usr/bin/env node
// Fake `claude` (Claude Code headless, `-p --output-format json`): prints the real result-object
// shape for each FAKE_CLI_MODE. See fake-common.mjs for recording and the process-tree modes.

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

const SESSION = '5f3c1a2e-8b7d-4e09-9c1f-2a6b3d4e5f60';

function resultMessage(argv, fields) {
  return {
    type: 'result',
    subtype: 'success',
    is_error: false,
    duration_ms: 4210,
    duration_api_ms: 3980,
    num_turns: 3,
    session_id: optionValue(argv, '--resume') ?? SESSION,
    total_cost_usd: 0.0421,
    usage: {
      input_tokens: 12,
      cache_creation_input_tokens: 1500,
      cache_read_input_tokens: 20000,
      output_tokens: 450,
      server_tool_use: { web_search_requests: 0 },
      service_tier: 'standard',
    },
    modelUsage: {},
    permission_denials: [],
    uuid: '0a1b2c3d-0000-4000-8000-000000000001',
    ...fields,
  };
}

function success(argv, summary) {
  println(resultMessage(argv, { result: summary ?? `Done: ${promptFrom(argv)}` }));
  return 0;
}

function errorSubtype(subtype, errors) {
  return (argv) => {
    println(resultMessage(argv, { subtype, is_error: true, errors }));
    return 1;
  };
}

await main({
  success,
  error_result: (argv) => {
    println(
      resultMessage(argv, {
        is_error: true,
        result: 'API Error: 529 {"type":"overloaded_error"}',
        num_turns: 1,
      }),
    );
    return 1;
  },
  max_turns: errorSubtype('error_max_turns', ['Reached maximum number of turns (3)']),
  max_budget: errorSubtype('error_max_budget_usd', ['Reached maximum budget ($0.01)']),
  during_execution: errorSubtype('error_during_execution', ['Tool execution failed']),
  partial_then_exit1: () => {
    process.stdout.write('{"type":"result","subtype":"succ');
    process.stderr.write('Error: connection reset by peer\n');
    return 1;
  },
  garbage: () => {
    println('Welcome to Claude Code! <html>not json</html>');
    return 0;
  },
  hang,
  hang_with_grandchild: async () => {
    spawnGrandchild();
    return hang();
  },
  exit_leaving_grandchild: (argv) => {
    spawnGrandchild();
    return success(argv);
  },
  slow: async (argv) => {
    await sleep(delayMs());
    return success(argv);
  },
  edit: async (argv) => success(argv, `Edited ${await editFiles(process.cwd(), promptFrom(argv), false)}`),
  edit_and_commit: async (argv) =>
    success(argv, summaryOr(`Committed ${await editFiles(process.cwd(), promptFrom(argv), true)}`)),
});
