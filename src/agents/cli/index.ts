// The coding-CLI workers' public surface: the worker port, both workers, the child env builder and
// the git workspace functions the dispatcher and the review flow call.

export { type ClaudeCodeOptions, ClaudeCodeWorker, claudeArgs } from './claude-code.js';
export { type CodexOptions, CodexWorker, codexArgs } from './codex.js';
export {
  BASE_ENV_ALLOWLIST,
  buildChildEnv,
  buildCliEnv,
  CLI_ENV_KEYS,
  type CliName,
  GIT_IDENTITY_ENV,
} from './env.js';
export { runCli } from './run-cli.js';
export type * from './types.js';
export * from './workspace.js';
