import { describe, expect, it } from 'vitest';
import { SerialPass } from '../src/shared/serial-pass.js';

describe('SerialPass', () => {
  it('never runs two passes at once and folds kicks during a pass into one more pass', async () => {
    let active = 0;
    let most = 0;
    let runs = 0;
    const gates: Array<() => void> = [];
    const passes = new SerialPass(async () => {
      runs++;
      active++;
      most = Math.max(most, active);
      await new Promise<void>((resolve) => gates.push(resolve));
      active--;
    });
    passes.kick();
    passes.kick();
    passes.kick();
    gates.shift()?.();
    await new Promise((r) => setImmediate(r));
    gates.shift()?.();
    await passes.idle();
    expect([runs, most]).toEqual([2, 1]);
  });

  it('does not lose a kick that lands after the pass body ended but before it settled', async () => {
    let runs = 0;
    let passes: SerialPass;
    passes = new SerialPass(async () => {
      runs++;
      // The body has finished its work; this kick arrives before the pass's promise settles.
      if (runs === 1) queueMicrotask(() => passes.kick());
    });
    passes.kick();
    await passes.idle();
    expect(runs).toBe(2);
  });
});
