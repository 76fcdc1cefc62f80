// Test helpers: a fresh Store in a temp directory, and a controllable clock.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../src/db/index.js';

export interface TempStore {
  store: Store;
  dir: string;
  file: string;
  clock: TestClock;
  cleanup(): void;
}

export class TestClock {
  constructor(public now = Date.UTC(2026, 10, 23, 9, 0, 0)) {}
  readonly read = () => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}

export function tempDir(prefix = 'kev-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function tempStore(): TempStore {
  const dir = tempDir();
  const file = join(dir, 'kev.db');
  const clock = new TestClock();
  const store = openStore(file, clock.read);
  return {
    store,
    dir,
    file,
    clock,
    cleanup: () => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Whether this process may mount a tmpfs (root): the real-ENOSPC tests skip without it. */
export function canMount(): boolean {
  const probe = tempDir('kev-mount-probe-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
