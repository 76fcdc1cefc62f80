import { describe, expect, it } from 'vitest';
import { formatCents, formatUsd, microsToUsd, usdToMicros } from '../src/router/money.js';

describe('money', () => {
  it('converts dollars to whole micro-dollars and back', () => {
    expect(usdToMicros(5)).toBe(5_000_000);
    expect(usdToMicros(0.1 + 0.2)).toBe(300_000);
    expect(usdToMicros(0.0000004)).toBe(0);
    expect(microsToUsd(1_250_000)).toBe(1.25);
  });

  it('shows dollars, exact below a cent', () => {
    expect(formatUsd(1_234_567)).toBe('$1.23');
    expect(formatUsd(1450)).toBe('$0.00145');
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(-20_000)).toBe('-$0.02');
    expect(formatCents(1450)).toBe('$0.00');
  });
});
