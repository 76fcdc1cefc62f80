// The environment a coding CLI child gets: an allowlist, never the parent's whole environment.
// A CLI runs model-written commands, so it must not see Kev's chat tokens or other providers' keys.

export const BASE_ENV_ALLOWLIST = ['PATH', 'HOME', 'LANG', 'TERM', 'TMPDIR', 'USER', 'SHELL'] as const;

export type CliName = 'claude_code' | 'codex';

/** Per CLI: its own credentials and endpoint overrides, copied from the parent when present. */
export const CLI_ENV_KEYS: Record<CliName, readonly string[]> = {
  claude_code: ['ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL', 'CLAUDE_CONFIG_DIR'],
  codex: ['OPENAI_API_KEY', 'CODEX_API_KEY', 'OPENAI_BASE_URL', 'CODEX_HOME'],
};

/** Commits made inside a worktree need an author even on a machine with no global git config. */
export const GIT_IDENTITY_ENV: Record<string, string> = {
  GIT_AUTHOR_NAME: 'Kev',
  GIT_AUTHOR_EMAIL: 'kev@localhost',
  GIT_COMMITTER_NAME: 'Kev',
  GIT_COMMITTER_EMAIL: 'kev@localhost',
};

function defined(entries: Iterable<[string, string | undefined]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of entries) {
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** The allowlisted base from `parent`, plus `extra` passed explicitly (undefined values are dropped). */
export function buildChildEnv(
  parent: NodeJS.ProcessEnv,
  extra: Record<string, string | undefined>,
): Record<string, string> {
  const base = BASE_ENV_ALLOWLIST.map((key): [string, string | undefined] => [key, parent[key]]);
  return { ...defined(base), ...defined(Object.entries(extra)) };
}

/** The env for one CLI: the base allowlist, that CLI's own keys, a git identity, then `extra`. */
export function buildCliEnv(
  cli: CliName,
  parent: NodeJS.ProcessEnv,
  extra: Record<string, string | undefined> = {},
): Record<string, string> {
  const own = Object.fromEntries(CLI_ENV_KEYS[cli].map((key) => [key, parent[key]]));
  return buildChildEnv(parent, { ...GIT_IDENTITY_ENV, ...own, ...extra });
}

/** Drops undefined values so the record can be handed to a child process as-is. */
export function compactEnv(env: Record<string, string | undefined>): Record<string, string> {
  return defined(Object.entries(env));
}
