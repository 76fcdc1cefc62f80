// Part of `npm run build` (and `prepare`), after tsc: bundles the compiled `kev` command into
// dist/kev.js (the package's bin) with its lazily loaded parts as chunks in dist/chunks/.
// Why: on Node 20 start-up was mostly the module loader reading, compiling and linking ~450 small
// files (zod and drizzle-orm alone are ~200); one file parsed lazily by V8 starts about twice as
// fast and holds less memory. dist/src/ (tsc's mirror of src/) stays for the bench and tools.
//
// Bundled: Kev's own code and the packages on the path to the first poll (inlined). Everything
// else a Kev file imports stays an ordinary import from node_modules, so the packages loaded only
// on demand (the LLM SDKs, Baileys, hono, execa, marked, qrcode, pino-pretty) and the native
// better-sqlite3 are loaded exactly as before, and only when used.

import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const INLINED = new Set(['zod', 'drizzle-orm', 'grammy', '@grammyjs/auto-retry', 'pino', 'croner']);

/** The package name of a bare specifier ("drizzle-orm/sqlite-core" → "drizzle-orm"). */
const packageOf = (spec) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

/** Imports from Kev's files stay external unless the package is inlined; inlined packages' own
 *  dependencies are inlined with them (better-sqlite3, native, never is). */
const keepExternal = {
  name: 'keep-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { external: true };
      const pkg = packageOf(args.path);
      if (pkg === 'better-sqlite3') return { external: true };
      const fromKev = !args.importer.includes('/node_modules/');
      return fromKev && !INLINED.has(pkg) ? { external: true } : undefined;
    });
  },
};

/** zod re-exports its ~40 locales as `z.locales`; Kev uses only the English messages zod installs
 *  by itself, so the bundle carries that one (a third of zod's source, parsed at every start). */
const englishOnlyZod = {
  name: 'english-only-zod',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.endsWith(join('zod', 'v4', 'classic', 'external.js'))
        ? { path: join(dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-locales' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
    }));
  },
};

rmSync(join(root, 'dist', 'chunks'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { kev: 'dist/src/cli/kev.js' },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // Shorter source to read and parse; names are kept, so stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  // Inlined CommonJS packages (grammY's node-fetch, pino) call require() for Node's own modules.
  banner: {
    js: "import { createRequire as __kevRequire } from 'node:module'; const require = __kevRequire(import.meta.url);",
  },
  plugins: [keepExternal, englishOnlyZod],
  logLevel: 'warning',
});
