// Finds Debian's Chromium for the board's browser suite and launches it headless with a fresh
// profile. Without a browser the suite skips and says so; in CI (CI=true) that is a failure.

import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExecutable } from '../../src/config/config.js';

export function findChromium(): string | undefined {
  const named = process.env.KEV_CHROMIUM ?? process.env.CHROMIUM_BIN;
  if (named) return existsSync(named) ? named : undefined;
  for (const name of ['/usr/bin/chromium', 'chromium', 'chromium-browser']) {
    const found = findExecutable(name);
    if (found) return found;
  }
  return undefined;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchChromium(executablePath: string) {
  const { chromium } = await import('playwright-core');
  // A persistent context is how Playwright takes a profile directory: a fresh one per run.
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'kev-chromium-')), {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 860 },
  });
}
