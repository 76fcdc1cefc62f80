// Every provider Kev can call, one row each: how it is reached (an HTTP API, a coding CLI), what
// switches it on, and which variables set it up. Config parsing, `kev doctor`, the executors and the
// README's provider list all read this table; adding a provider starts with adding a row.

export const PROVIDERS = [
  {
    name: 'anthropic',
    client: '`@anthropic-ai/sdk`',
    label: 'Anthropic (Claude)',
    kind: 'http',
    keyVar: 'ANTHROPIC_API_KEY',
    baseUrlVar: 'ANTHROPIC_BASE_URL',
    baseUrlWhat: 'the Anthropic API root',
  },
  {
    name: 'openai',
    client: '`openai`',
    label: 'OpenAI',
    kind: 'http',
    keyVar: 'OPENAI_API_KEY',
    baseUrlVar: 'OPENAI_BASE_URL',
    baseUrlWhat: 'the OpenAI API root',
  },
  {
    name: 'cerebras',
    client: '`openai` (OpenAI-compatible, `https://api.cerebras.ai/v1`)',
    label: 'Cerebras',
    kind: 'http',
    keyVar: 'CEREBRAS_API_KEY',
    baseUrlVar: 'CEREBRAS_BASE_URL',
    baseUrlWhat: 'the Cerebras API root',
  },
  {
    name: 'gemini',
    client: '`@google/genai`',
    label: 'Google Gemini',
    kind: 'http',
    keyVar: 'GEMINI_API_KEY',
    baseUrlVar: 'GEMINI_BASE_URL',
    baseUrlWhat: 'the Gemini API root',
  },
  {
    // No key: a llama.cpp server on the owner's own machine is switched on by its address.
    name: 'llamacpp',
    client: '`openai` (OpenAI-compatible `llama-server`)',
    label: 'llama.cpp (your own server)',
    kind: 'http',
    baseUrlVar: 'LLAMACPP_BASE_URL',
    baseUrlWhat: 'your llama.cpp server, e.g. http://gpu-box:8080/v1',
  },
  {
    name: 'claude_code',
    client: 'its CLI, run by `execa`',
    label: 'Claude Code',
    kind: 'cli',
    binVar: 'CLAUDE_BIN',
    bin: 'claude',
  },
  {
    name: 'codex',
    client: 'its CLI, run by `execa`',
    label: 'Codex',
    kind: 'cli',
    binVar: 'CODEX_BIN',
    bin: 'codex',
  },
] as const satisfies readonly ProviderRow[];

export interface ProviderRow {
  name: string;
  /** How the README and `kev doctor` name it. */
  label: string;
  /** The library that talks to it (Markdown, for the README's provider list). */
  client: string;
  /** http: called through its SDK over HTTP; cli: a coding CLI run as a child process. */
  kind: 'http' | 'cli';
  /** The variable holding the API key; when present, the provider is on once it is set. */
  keyVar?: string;
  /** The variable pointing the client elsewhere (a proxy, a self-hosted server, a test fake). */
  baseUrlVar?: string;
  baseUrlWhat?: string;
  /** A CLI: the variable naming its binary, and the name looked up on PATH without it. */
  binVar?: string;
  bin?: string;
}

type Row = (typeof PROVIDERS)[number];
export type Provider = Row['name'];
export type HttpProvider = Extract<Row, { kind: 'http' }>['name'];
export type CliProvider = Extract<Row, { kind: 'cli' }>['name'];

/** Every environment variable a provider row names. */
export type ProviderVar =
  | Extract<Row, { keyVar: string }>['keyVar']
  | Extract<Row, { baseUrlVar: string }>['baseUrlVar']
  | Extract<Row, { binVar: string }>['binVar'];

export const PROVIDER_NAMES = PROVIDERS.map((p) => p.name) as [Provider, ...Provider[]];
export const HTTP_PROVIDERS = PROVIDERS.filter((p) => p.kind === 'http').map((p) => p.name) as HttpProvider[];
export const CLI_PROVIDERS: ReadonlySet<Provider> = new Set(
  PROVIDERS.filter((p) => p.kind === 'cli').map((p) => p.name),
);

export function providerRow(name: Provider): ProviderRow {
  return PROVIDERS.find((p) => p.name === name)!;
}

/** What config hands the executors for one switched-on provider: its key, its base URL, its binary. */
export interface ProviderSetting {
  apiKey?: string;
  baseUrl?: string;
  /** A CLI's resolved executable path. */
  bin?: string;
}

/** Only the switched-on providers have an entry. */
export type ProviderSettings = Partial<Record<Provider, ProviderSetting>>;
