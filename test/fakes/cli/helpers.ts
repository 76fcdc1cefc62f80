// Test helpers around the fake CLIs: their paths, reading what a fake recorded, temp dirs, and a
// process liveness check that counts an unreaped zombie as dead (PID 1 in a container may not reap).

import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FAKE_CLAUDE = fileURLToPath(new URL('./claude.mjs', import.meta.url));
export const FAKE_CODEX = fileURLToPath(new URL('./codex.mjs', import.meta.url));

export interface FakeRecord {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  pid: number;
}

export async function readRecord(path: string): Promise<FakeRecord> {
  return JSON.parse(await readFile(path, 'utf8')) as FakeRecord;
}

export interface FakeLogEntry {
  cli: 'claude' | 'codex';
  argv: string[];
  cwd: string;
}

/** Every call a fake made with FAKE_CLI_LOG set, oldest first (none when the file is missing). */
export function readLog(path: string): FakeLogEntry[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as FakeLogEntry);
}

export async function makeTempDir(
  prefix = 'kev-cli-',
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return true;
  const text = readFileSync(stat, 'utf8');
  const state = text.slice(text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X';
}

/** Resolves once `path` exists; the caller's test timeout bounds the wait. */
export async function waitForFile(path: string): Promise<string> {
  while (!existsSync(path)) await new Promise((resolve) => setTimeout(resolve, 20));
  return readFile(path, 'utf8');
}
