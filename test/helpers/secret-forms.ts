// Finding a secret in bytes however it was written: raw, JSON-escaped, URL-encoded, hex, and base64
// or base64url at any of the three byte alignments (a secret inside a larger encoded blob), plus
// the secret half of a bot token on its own.

/** The base64 (or base64url) text a secret leaves wherever it sits in a larger encoded value. */
function encodedCores(secret: string, encoding: 'base64' | 'base64url'): string[] {
  const cores: string[] = [];
  for (const shift of [0, 1, 2]) {
    const text = Buffer.concat([Buffer.alloc(shift), Buffer.from(secret, 'utf8')]).toString(encoding);
    // Drop the characters that carry bits of the padding bytes before it, and the last group,
    // which depends on what follows the secret.
    const start = [0, 2, 3][shift] ?? 0;
    cores.push(text.replace(/=+$/, '').slice(start, -4));
  }
  return cores;
}

/** Every form of `secret` to look for. */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([
    secret,
    JSON.stringify(secret).slice(1, -1),
    encodeURIComponent(secret),
    Buffer.from(secret, 'utf8').toString('hex'),
    ...encodedCores(secret, 'base64'),
    ...encodedCores(secret, 'base64url'),
  ]);
  // A bot token's part after the colon is the secret; the bot id before it is public.
  const tail = /^\d+:(.{20,})$/.exec(secret)?.[1];
  if (tail) for (const form of secretForms(tail)) forms.add(form);
  return [...forms].filter((f) => f.length >= 12);
}

/** The names of the secrets found in `bytes` (any form), each with the form that matched. */
export function secretsIn(bytes: Buffer | string, secrets: Record<string, string>): string[] {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  const found: string[] = [];
  for (const [name, secret] of Object.entries(secrets)) {
    const form = secretForms(secret).find((f) => buffer.includes(f));
    if (form !== undefined) found.push(form === secret ? name : `${name} (as ${form.slice(0, 16)}…)`);
  }
  return found;
}
