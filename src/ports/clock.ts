// The clock port (now, injectable so tests never read wall time) and calendar arithmetic in the
// owner's time zone ("today", "this week") without a date library.

/** Contract: returns epoch milliseconds; tests pass a fixed or stepping clock. */
export type Clock = () => number;

/** Building an Intl.DateTimeFormat costs far more than using one: one per time zone, kept. */
const offsetFormats = new Map<string, Intl.DateTimeFormat>();

function offsetMs(at: number, timeZone: string): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!match) return 0;
  const sign = match[1] === '-' ? -1 : 1;
  return sign * (Number(match[2]) * 60 + Number(match[3] ?? 0)) * 60_000;
}

/** Epoch ms of local midnight of the day containing `at`, in `timeZone`. */
export function startOfDay(at: number, timeZone: string): number {
  const local = at + offsetMs(at, timeZone);
  const midnightLocal = Math.floor(local / 86_400_000) * 86_400_000;
  // Re-read the offset at midnight itself, in case a DST change happened during the day.
  return midnightLocal - offsetMs(midnightLocal - offsetMs(at, timeZone), timeZone);
}

/** Epoch ms of local midnight on the Monday of the week containing `at`. */
export function startOfWeek(at: number, timeZone: string): number {
  const day = startOfDay(at, timeZone);
  const weekday = new Date(day + offsetMs(day, timeZone)).getUTCDay();
  const back = (weekday + 6) % 7;
  return startOfDay(day - back * 86_400_000 + 12 * 3_600_000, timeZone);
}

export function formatTime(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
}
