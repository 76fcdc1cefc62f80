// Reads the environment (and ./.env when present) into one typed, validated config.
// An invalid value stops start-up with one sentence naming the variable and what is wrong.

import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import {
  PROVIDERS,
  type Provider,
  type ProviderRow,
  type ProviderSettings,
  type ProviderVar,
} from '../router/providers.js';
import { closest } from '../shared/did-you-mean.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Claude Code's --permission-mode values; headless runs cannot answer a prompt, so 'default' denies. */
export const CLI_PERMISSION_MODES = ['acceptEdits', 'default', 'plan', 'bypassPermissions'] as const;
export const CODEX_SANDBOXES = ['workspace-write', 'read-only'] as const;

/**
 * What Claude Code may do without asking: read and edit files in its worktree, inspect and commit
 * with git, run the project's tests. No push, no network tools, no package installs, no other shell.
 */
export const DEFAULT_ALLOWED_TOOLS = [
  'Read',
  'Grep',
  'Glob',
  'LS',
  'Edit',
  'MultiEdit',
  'Write',
  'Bash(git status:*)',
  'Bash(git diff:*)',
  'Bash(git log:*)',
  'Bash(git add:*)',
  'Bash(git commit:*)',
  'Bash(npm test:*)',
  'Bash(npm run test:*)',
  'Bash(npm run lint:*)',
];

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const url = (what: string) =>
  optionalText.refine((v) => v === undefined || URL.canParse(v), { message: `must be a URL (${what})` });

const number = (min: number, fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isFinite(n) || n < min) {
        ctx.addIssue({ code: 'custom', message: `must be a number of at least ${min} (got "${v}")` });
        return z.NEVER;
      }
      return n;
    });

/** One of `values`; empty or unset means `fallback`. */
const choice = <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined),
    z.enum(values, { message: `must be one of ${values.join(', ')}` }).default(fallback),
  );

const idList = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const ids = (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = ids.find((id) => !/^\d+$/.test(id));
    if (bad) {
      ctx.addIssue({
        code: 'custom',
        message: `must be numeric user ids separated by commas (got "${bad}")`,
      });
      return z.NEVER;
    }
    return ids;
  });

const timezone = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    const tz = v || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return tz;
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: `must be an IANA time zone such as Europe/London (got "${tz}")`,
      });
      return z.NEVER;
    }
  });

/** Each provider's variables, from the PROVIDERS table: a key, a base URL, a binary. */
const providerShape = Object.fromEntries(
  PROVIDERS.flatMap((row: ProviderRow) => [
    ...(row.keyVar ? [[row.keyVar, optionalText] as const] : []),
    ...(row.baseUrlVar
      ? [[row.baseUrlVar, url(row.baseUrlWhat ?? `the ${row.label} API root`)] as const]
      : []),
    ...(row.binVar ? [[row.binVar, optionalText] as const] : []),
  ]),
) as Record<ProviderVar, typeof optionalText>;

const BaseSchema = z.object({
  KEV_DATA_DIR: z.string().trim().default('./data'),
  KEV_TIMEZONE: timezone,
  KEV_LOG_LEVEL: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  KEV_LOG_FILE: optionalText,
  KEV_CONFIG_FILE: optionalText,
  KEV_MAX_MESSAGE_BYTES: number(1024, 1_000_000),
  KEV_OUTBOX_RETENTION_DAYS: number(0, 7),
  KEV_DAILY_BUDGET_USD: number(0, 5),
  KEV_TASK_BUDGET_USD: number(0, 1),
  KEV_CONFIRM_ABOVE_USD: number(0, 0.5),
  KEV_CONCURRENCY: number(1, 2),
  KEV_RATE_LIMIT_WAIT_S: number(0, 30),
  KEV_PROGRESS: choice(['on', 'off'] as const, 'on'),
  KEV_STARTED_NOTICE_AFTER_S: number(0, 5),
  TELEGRAM_BOT_TOKEN: optionalText.refine((v) => v === undefined || /^\d+:[\w-]+$/.test(v), {
    message: 'must look like 123456:ABC-DEF… as given by @BotFather',
  }),
  TELEGRAM_API_ROOT: url('the Bot API server root, e.g. https://api.telegram.org'),
  KEV_OWNER_TELEGRAM_IDS: idList,
  TELEGRAM_WEBHOOK_URL: url('the public https address Telegram posts updates to'),
  TELEGRAM_WEBHOOK_SECRET: optionalText.refine((v) => v === undefined || /^[A-Za-z0-9_-]{1,256}$/.test(v), {
    message: 'must be 1-256 characters of A-Z, a-z, 0-9, _ and -',
  }),
  TELEGRAM_WEBHOOK_PORT: number(1, 8443),
  KEV_CLI_PERMISSION_MODE: choice(CLI_PERMISSION_MODES, 'acceptEdits'),
  KEV_CLI_ALLOWED_TOOLS: optionalText.transform((v) =>
    v === undefined
      ? DEFAULT_ALLOWED_TOOLS
      : v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
  ),
  KEV_CLI_TIMEOUT_MS: number(1000, 1_800_000),
  KEV_CLI_MAX_TURNS: number(1, 40),
  KEV_CODEX_SANDBOX: choice(CODEX_SANDBOXES, 'workspace-write'),
  KEV_BUILD_CONCURRENCY: number(1, 2),
  KEV_WHATSAPP: choice(['0', '1'], '0'),
  KEV_OWNER_WHATSAPP: optionalText
    .transform((v) => v?.replace(/^\+/, '').replace(/[\s-]/g, ''))
    .refine((v) => v === undefined || /^\d{7,15}$/.test(v), {
      message: 'must be your number in international digits, like 447700900123',
    }),
  KEV_WHATSAPP_PAIRING_CODE: optionalText
    .transform((v) => (v === undefined || v === '1' ? v : v.replace(/^\+/, '').replace(/[\s-]/g, '')))
    .refine((v) => v === undefined || v === '1' || /^\d{7,15}$/.test(v), {
      message: 'must be 1 (your own number) or the number Kev runs on, in international digits',
    }),
  KEV_WHATSAPP_WS_URL: url("WhatsApp Web's WebSocket endpoint (a proxy or a mock)"),
  KEV_WHATSAPP_MIN_INTERVAL_MS: number(0, 1500),
  KEV_TRANSCRIBE_BASE_URL: url(
    'an OpenAI-compatible server with audio/transcriptions, e.g. https://api.groq.com/openai/v1',
  ),
  KEV_TRANSCRIBE_API_KEY: optionalText,
  KEV_TRANSCRIBE_MODEL: optionalText,
  KEV_BOARD_PORT: optionalText.refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) <= 65535), {
    message: 'must be a port number from 0 to 65535 (0 picks a free one)',
  }),
  KEV_BOARD_HOST: optionalText,
  KEV_BOARD_ALLOWED_HOSTS: optionalText,
});
const EnvSchema = BaseSchema.extend(providerShape);

/** The parsed environment: Kev's own variables and each PROVIDERS row's key, base URL and binary. */
export type Env = z.infer<typeof BaseSchema> & Partial<Record<ProviderVar, string>>;

export interface Config {
  dataDir: string;
  dbFile: string;
  timezone: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Where logs go: a file path, or undefined for standard error. */
  logFile: string | undefined;
  configFile: string;
  maxMessageBytes: number;
  /** Delivered outbox rows older than this are pruned (KEV_OUTBOX_RETENTION_DAYS, default 7). */
  outboxRetentionMs: number;
  dailyBudgetUsd: number;
  taskBudgetUsd: number;
  /** A task whose first call may cost more than this waits for the owner's confirmation. */
  confirmAboveUsd: number;
  concurrency: number;
  /** Work running longer than this (ms) gets a "Started" notice; undefined when KEV_PROGRESS=off. */
  startedNoticeAfterMs: number | undefined;
  /** A rate limit asking to wait at most this long (ms) is waited out on the same model. */
  rateLimitWaitMs: number;
  /** Coding-CLI sessions that may run at once, on top of `concurrency` (KEV_BUILD_CONCURRENCY). */
  buildConcurrency: number;
  telegram?: {
    token: string;
    apiRoot: string | undefined;
    ownerIds: string[];
    webhook?: { url: string; secret: string; port: number };
  };
  /** KEV_WHATSAPP=1: Kev on a linked device of a WhatsApp account (paired by `kev whatsapp login`). */
  /** pairingNumber: pair at start with a code for this number (KEV_WHATSAPP_PAIRING_CODE). */
  whatsapp?: {
    owner: string;
    wsUrl: string | undefined;
    minIntervalMs: number;
    pairingNumber: string | undefined;
  };
  /** Voice notes: an OpenAI-compatible audio/transcriptions endpoint (KEV_TRANSCRIBE_BASE_URL). */
  transcribe?: { baseUrl: string; apiKey: string | undefined; model: string };
  /** The switched-on providers with their key, base URL or binary (from the PROVIDERS table). */
  providers: ProviderSettings;
  /** How coding CLIs run: what they may do, how long, how many at once. */
  cli: CliSettings;
  /** The web board (KEV_BOARD_PORT); off when unset. */
  board?: { port: number; host: string; allowedHosts: string[] };
  env: Env;
  /** Every secret value in the config, for value-based log scrubbing. */
  secrets: string[];
}

export interface CliSettings {
  permissionMode: (typeof CLI_PERMISSION_MODES)[number];
  allowedTools: string[];
  sandbox: (typeof CODEX_SANDBOXES)[number];
  maxTurns: number;
  timeoutMs: number;
  /** Coding sessions at once (KEV_BUILD_CONCURRENCY). */
  concurrency: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** The process environment merged over ./.env (real environment variables win). */
export function loadEnv(cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const file = resolve(cwd, '.env');
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  return { ...fromFile, ...env };
}

/** A KEV_ variable one or two letters off a known one is a typo that would be silently ignored. */
function checkTypos(raw: NodeJS.ProcessEnv): void {
  const known = Object.keys(EnvSchema.shape);
  for (const name of Object.keys(raw)) {
    if (!name.startsWith('KEV_') || known.includes(name)) continue;
    const near = closest(name, known);
    if (near) throw new ConfigError(`${name} is not a setting Kev knows; did you mean ${near}?`);
  }
}

export function readConfig(raw: NodeJS.ProcessEnv, cwd = process.cwd()): Config {
  checkTypos(raw);
  const parsed = EnvSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'the environment');
    throw new ConfigError(`${name} ${issue?.message ?? 'is invalid'}.`);
  }
  const env = parsed.data as Env;
  if (env.TELEGRAM_BOT_TOKEN && env.KEV_OWNER_TELEGRAM_IDS.length === 0) {
    throw new ConfigError(
      'KEV_OWNER_TELEGRAM_IDS must list your numeric Telegram user id when TELEGRAM_BOT_TOKEN is set, so Kev never starts open to the world (message @userinfobot on Telegram to learn your id).',
    );
  }
  if (env.KEV_WHATSAPP === '1' && !env.KEV_OWNER_WHATSAPP) {
    throw new ConfigError(
      'KEV_OWNER_WHATSAPP must be your WhatsApp number in international digits (like 447700900123) when KEV_WHATSAPP=1, so Kev answers only you.',
    );
  }
  const whatsapp =
    env.KEV_WHATSAPP === '1' && env.KEV_OWNER_WHATSAPP
      ? {
          owner: env.KEV_OWNER_WHATSAPP,
          wsUrl: env.KEV_WHATSAPP_WS_URL,
          minIntervalMs: env.KEV_WHATSAPP_MIN_INTERVAL_MS,
          pairingNumber:
            env.KEV_WHATSAPP_PAIRING_CODE === '1' ? env.KEV_OWNER_WHATSAPP : env.KEV_WHATSAPP_PAIRING_CODE,
        }
      : undefined;
  const transcribe = env.KEV_TRANSCRIBE_BASE_URL
    ? {
        baseUrl: env.KEV_TRANSCRIBE_BASE_URL,
        apiKey: env.KEV_TRANSCRIBE_API_KEY,
        model: env.KEV_TRANSCRIBE_MODEL ?? 'whisper-1',
      }
    : undefined;
  const dataDir = resolve(cwd, env.KEV_DATA_DIR);
  // A webhook is never left open: with no secret set, one is made for this run, and scrubbed like the rest.
  const webhook = env.TELEGRAM_WEBHOOK_URL
    ? {
        url: env.TELEGRAM_WEBHOOK_URL,
        secret: env.TELEGRAM_WEBHOOK_SECRET ?? randomBytes(24).toString('base64url'),
        port: env.TELEGRAM_WEBHOOK_PORT,
      }
    : undefined;
  const telegram = env.TELEGRAM_BOT_TOKEN
    ? {
        token: env.TELEGRAM_BOT_TOKEN,
        apiRoot: env.TELEGRAM_API_ROOT,
        ownerIds: env.KEV_OWNER_TELEGRAM_IDS,
        ...(webhook ? { webhook } : {}),
      }
    : undefined;
  const secrets = [
    env.TELEGRAM_BOT_TOKEN,
    webhook?.secret ?? env.TELEGRAM_WEBHOOK_SECRET,
    ...PROVIDERS.map((row) => ('keyVar' in row ? env[row.keyVar] : undefined)),
    env.KEV_TRANSCRIBE_API_KEY,
  ].filter((s): s is string => typeof s === 'string' && s.length >= 6);
  return {
    dataDir,
    dbFile: resolve(dataDir, 'kev.db'),
    timezone: env.KEV_TIMEZONE,
    logLevel: env.KEV_LOG_LEVEL,
    logFile:
      env.KEV_LOG_FILE === '-' ? undefined : env.KEV_LOG_FILE ? resolve(cwd, env.KEV_LOG_FILE) : undefined,
    configFile: resolve(cwd, env.KEV_CONFIG_FILE ?? 'kev.config.json'),
    maxMessageBytes: env.KEV_MAX_MESSAGE_BYTES,
    outboxRetentionMs: env.KEV_OUTBOX_RETENTION_DAYS * 86_400_000,
    dailyBudgetUsd: env.KEV_DAILY_BUDGET_USD,
    taskBudgetUsd: env.KEV_TASK_BUDGET_USD,
    confirmAboveUsd: env.KEV_CONFIRM_ABOVE_USD,
    concurrency: Math.floor(env.KEV_CONCURRENCY),
    rateLimitWaitMs: Math.round(env.KEV_RATE_LIMIT_WAIT_S * 1000),
    startedNoticeAfterMs:
      env.KEV_PROGRESS === 'on' ? Math.round(env.KEV_STARTED_NOTICE_AFTER_S * 1000) : undefined,
    buildConcurrency: Math.floor(env.KEV_BUILD_CONCURRENCY),
    ...(telegram ? { telegram } : {}),
    ...(whatsapp ? { whatsapp } : {}),
    ...(transcribe ? { transcribe } : {}),
    providers: providerSettings(env, raw.PATH ?? process.env.PATH ?? ''),
    cli: {
      permissionMode: env.KEV_CLI_PERMISSION_MODE,
      allowedTools: env.KEV_CLI_ALLOWED_TOOLS,
      sandbox: env.KEV_CODEX_SANDBOX,
      maxTurns: Math.floor(env.KEV_CLI_MAX_TURNS),
      timeoutMs: env.KEV_CLI_TIMEOUT_MS,
      concurrency: Math.floor(env.KEV_BUILD_CONCURRENCY),
    },
    ...(env.KEV_BOARD_PORT !== undefined
      ? {
          board: {
            port: Number(env.KEV_BOARD_PORT),
            host: env.KEV_BOARD_HOST ?? '127.0.0.1',
            allowedHosts: (env.KEV_BOARD_ALLOWED_HOSTS ?? '')
              .split(',')
              .map((h) => h.trim().toLowerCase())
              .filter(Boolean),
          },
        }
      : {}),
    env,
    secrets,
  };
}

/**
 * The switched-on providers, one PROVIDERS row at a time: an HTTP provider by its key (or, without
 * a key variable, by its base URL); a CLI when its binary is found.
 */
function providerSettings(env: Env, path: string): ProviderSettings {
  const settings: ProviderSettings = {};
  for (const row of PROVIDERS) {
    const name: Provider = row.name;
    if (row.kind === 'cli') {
      const bin = findExecutable(env[row.binVar] ?? row.bin, path);
      if (bin) settings[name] = { bin };
      continue;
    }
    const apiKey = 'keyVar' in row ? env[row.keyVar] : undefined;
    const baseUrl = env[row.baseUrlVar];
    if ('keyVar' in row ? apiKey : baseUrl) {
      settings[name] = { ...(apiKey ? { apiKey } : {}), ...(baseUrl ? { baseUrl } : {}) };
    }
  }
  return settings;
}

/**
 * Where logs go: KEV_LOG_FILE ('-' for standard error); by default a file in the data directory on
 * the console (where the chat owns the terminal), standard error otherwise.
 */
export function logFileOf(config: Config): string | undefined {
  if (config.env.KEV_LOG_FILE === '-') return undefined;
  return config.logFile ?? (config.telegram || config.whatsapp ? undefined : `${config.dataDir}/kev.log`);
}

/** Finds an executable by name on PATH (or checks an explicit path). */
export function findExecutable(name: string, path = process.env.PATH ?? ''): string | undefined {
  const candidates = name.includes('/') ? [name] : path.split(delimiter).map((dir) => join(dir, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here; try the next directory
    }
  }
  return undefined;
}

/** The providers Kev can call with this config: keys present, base URLs set, CLIs found. */
export function configuredProviders(config: Config): Set<Provider> {
  return new Set(Object.keys(config.providers) as Provider[]);
}
