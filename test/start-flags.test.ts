// Kev's memory depends on the node flags it runs with (--optimize-for-size: a 1 MB young generation,
// an old one grown only as far as the live heap needs). Every way the README gives to run it
// carries the same flags: `npm start`, the bin's shebang, the systemd unit and the pm2 line.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const flagsOf = (command: string) => command.split(/\s+/).filter((word) => word.startsWith('--'));

describe('the node flags Kev runs with', () => {
  const start = (JSON.parse(read('package.json')) as { scripts: { start: string } }).scripts.start;
  const flags = flagsOf(start);

  it('are set by npm start, and favour memory', () => {
    expect(flags).toContain('--optimize-for-size');
  });

  it('are the same in the bin, the systemd unit and the pm2 line', () => {
    const shebang = read('src/cli/kev.ts').split('\n')[0] ?? '';
    expect(shebang.startsWith('#!/usr/bin/env -S node')).toBe(true);
    expect(flagsOf(shebang)).toEqual(flags);
    const readme = read('README.md');
    const unit = /^ExecStart=(.*)$/m.exec(readme)?.[1] ?? '';
    expect(flagsOf(unit)).toEqual(flags);
    const pm2 = /pm2 start dist\/kev\.js [^`]*--node-args=(\S+)/.exec(readme)?.[1] ?? '';
    expect(pm2.split(' ')).toEqual(flags);
    const direct = readme.match(/`node (--[^`]*) dist\/kev\.js start`/g) ?? [];
    expect(direct.length).toBeGreaterThan(0);
    for (const line of direct) expect(flagsOf(line.replaceAll('`', ''))).toEqual(flags);
  });
});
