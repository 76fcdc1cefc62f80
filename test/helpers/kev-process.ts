// Kev as a real child process (`kev start` through tsx), in its own process group so a test can
// SIGKILL the whole group at once, as a crash or an OOM kill would, or SIGTERM it for a clean stop.

import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const KEV = join(ROOT, 'src/cli/kev.ts');

let bundled: Promise<string[]> | undefined;

// Kev runs detached (its own process group), so it would outlive a test runner that dies or is
// interrupted: whatever is still running when this process exits is killed with it.
const live = new Set<number>();
process.once('exit', () => {
  for (const pid of live) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

/**
 * How to run Kev: the same sources compiled once by esbuild (what tsx uses) into split ESM chunks, so
 * each of a storm's many starts skips tsx's per-file transform; `node --import tsx` when that fails.
 * The chunks sit beside links to the repository's drizzle/ and node_modules/, which Kev finds by walking up.
 */
/** The node flags of the package's start script: Kev runs in tests as `npm start` runs it. */
const START_FLAGS = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }
).scripts.start
  .split(/\s+/)
  .filter((word) => word.startsWith('--'));

export function kevCommand(): Promise<string[]> {
  bundled ??= (async () => {
    try {
      const { build } = await import('esbuild');
      const dir = join(tmpdir(), `kev-bundle-${process.pid}`);
      mkdirSync(dir, { recursive: true });
      for (const link of ['drizzle', 'node_modules'])
        if (!existsSync(join(dir, link))) symlinkSync(join(ROOT, link), join(dir, link));
      await build({
        entryPoints: [KEV],
        bundle: true,
        splitting: true,
        format: 'esm',
        platform: 'node',
        packages: 'external',
        outdir: join(dir, 'out'),
        logLevel: 'silent',
      });
      return [...START_FLAGS, join(dir, 'out', 'kev.js')];
    } catch {
      return [...START_FLAGS, '--import', TSX, KEV];
    }
  })();
  return bundled;
}

export interface KevProcess {
  child: ChildProcess;
  pid: number;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL to the whole process group (Kev and anything it spawned). */
  kill(): Promise<void>;
  /** SIGTERM to Kev and waits for it to exit. */
  terminate(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `kev <args>` with `env` (nothing inherited but PATH), cwd `cwd`, stdout/stderr appended to `outFile`. */
export async function spawnKev(options: {
  env: Record<string, string>;
  cwd: string;
  outFile: string;
  args?: string[];
  /** A pipe on standard input (child.stdin), for the console transport; none by default. */
  input?: boolean;
}): Promise<KevProcess> {
  const out = openSync(options.outFile, 'a');
  const child = spawn(process.execPath, [...(await kevCommand()), ...(options.args ?? ['start'])], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    detached: true,
    stdio: [options.input ? 'pipe' : 'ignore', out, out],
  });
  closeSync(out);
  if (child.pid === undefined) throw new Error('kev did not start');
  const pid = child.pid;
  live.add(pid);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(pid);
      resolve({ code, signal });
    }),
  );
  return {
    child,
    pid,
    exited,
    async kill() {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      await exited;
    },
    async terminate() {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      return exited;
    },
  };
}
