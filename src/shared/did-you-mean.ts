// "Did you mean …?": the closest known name to a typo, by edit distance. Used by the command
// table (/qeue → /queue) and the strict config (agnet → agent, Scuot → Scout).

/** Levenshtein distance, case-insensitive. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      row[j] = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = row;
  }
  return previous[y.length] ?? 0;
}

/** The known name nearest to `typo`, when it is near enough to be a typo (about one in three letters). */
export function closest(typo: string, known: Iterable<string>): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(typo, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  if (!best) return undefined;
  const allowed = Math.max(1, Math.floor(Math.max(typo.length, best.name.length) / 3));
  return best.distance <= allowed && best.distance > 0 ? best.name : undefined;
}

/** ` Did you mean "agent"?` or nothing. */
export function didYouMean(typo: string, known: Iterable<string>, quote = (s: string) => `"${s}"`): string {
  const name = closest(typo, known);
  return name ? ` Did you mean ${quote(name)}?` : '';
}
