// Loaded with --import into a Kev that bench/board.ts starts: answers the bench's memory questions
// over the IPC channel (RSS from /proc, V8's heap and young generation), forcing a full GC first
// when asked (the child runs with --expose-gc). Bench-only: Kev itself never loads it.

import { readFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';

export interface MemorySample {
  /** /proc/self/status, in MB: resident, its anonymous and file-backed parts, and the peak. */
  rss: number;
  anon: number;
  file: number;
  hwm: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  /** Committed size of V8's young generation (new space), MB: what allocation bursts grow. */
  newSpace: number;
}

function status(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of readFileSync('/proc/self/status', 'utf8').matchAll(/^(\w+):\s+(\d+) kB$/gm))
    out[m[1] as string] = Number(m[2]) / 1024;
  return out;
}

function sample(): MemorySample {
  const s = status();
  const u = process.memoryUsage();
  const mb = (n: number) => n / 1_048_576;
  const young = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  return {
    rss: s.VmRSS ?? 0,
    anon: s.RssAnon ?? 0,
    file: s.RssFile ?? 0,
    hwm: s.VmHWM ?? 0,
    heapUsed: mb(u.heapUsed),
    heapTotal: mb(u.heapTotal),
    external: mb(u.external),
    newSpace: mb(young?.space_size ?? 0),
  };
}

const gc = (globalThis as { gc?: () => void }).gc;

process.on('message', (message: { memory?: { gc: boolean } }) => {
  if (!message.memory) return;
  if (message.memory.gc) {
    gc?.();
    gc?.();
  }
  process.send?.({ memory: sample() });
});
process.channel?.unref();
