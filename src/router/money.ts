// Money, in one place: Kev counts in integer micro-dollars (they add up exactly) and shows dollars.
// Every conversion between the owner's dollar settings and the ledger's micro-dollars goes through here.

export const MICROS_PER_USD = 1_000_000;

/** Dollars (a budget setting, a CLI's reported cost) to whole micro-dollars. */
export function usdToMicros(usd: number): number {
  return Math.round(usd * MICROS_PER_USD);
}

/** Micro-dollars to dollars (for a CLI's --max-budget flag, or JSON output). */
export function microsToUsd(micros: number): number {
  return micros / MICROS_PER_USD;
}

/** "$1.23"; under a cent, exact micro-dollars with trailing zeros dropped ("$0.00145"). */
export function formatUsd(micros: number): string {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(Math.round(micros));
  if (abs > 0 && abs < 10_000) {
    return `${sign}$0.${String(abs).padStart(6, '0').replace(/0+$/, '')}`;
  }
  const cents = Math.round(abs / 10_000);
  return `${sign}$${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** "$1.23" rounded to the cent, for budget sentences. */
export function formatCents(micros: number): string {
  return `$${microsToUsd(micros).toFixed(2)}`;
}
