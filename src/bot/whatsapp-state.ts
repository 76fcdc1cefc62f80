// The WhatsApp session's state as the owner reads it (kev doctor, the log): written by the
// transport and the login command into the session table, read without loading Baileys.

export type WhatsAppState =
  | 'linked'
  | 'logged-out'
  | 'needs-pairing'
  | 'replaced'
  | 'forbidden'
  | 'not-paired';

export interface StateRecord {
  state: WhatsAppState;
  /** The linked account's number, international digits. */
  number?: string;
  why?: string;
  at: number;
}

interface Rows {
  readOne(type: string, id: string): string | undefined;
  write(entries: ReadonlyArray<{ type: string; id: string; value: string | null }>): void;
}

const TYPE = 'kev-state';

export function writeState(rows: Rows, record: StateRecord): void {
  rows.write([{ type: TYPE, id: '', value: JSON.stringify(record) }]);
}

/**
 * The recorded state. Without a record (paired but never connected) the credentials decide; a
 * "linked" record without credentials (cleared since) is "not paired".
 */
export function readState(rows: Rows): StateRecord {
  const text = rows.readOne(TYPE, '');
  const record = text ? (JSON.parse(text) as StateRecord) : undefined;
  const creds = rows.readOne('creds', '');
  // Plain JSON is enough for `me.id`, a string: no Baileys (BufferJSON) is loaded for this.
  const me = creds ? (JSON.parse(creds) as { me?: { id?: string } }).me?.id : undefined;
  if (record && (record.state !== 'linked' || me)) return record;
  if (me) return { state: 'linked', number: me.split(/[:@]/)[0] ?? '', at: 0 };
  return { state: 'not-paired', at: 0 };
}

const HOW_TO_PAIR = 'run `kev whatsapp login` (QR) or `kev whatsapp login --pairing-code`';

/** One line for kev doctor and the owner. */
export function describeState(record: StateRecord): { ok: boolean; detail: string } {
  const table: Record<WhatsAppState, { ok: boolean; detail: string }> = {
    linked: { ok: true, detail: `linked as +${record.number ?? '?'}` },
    'not-paired': { ok: false, detail: `not paired: ${HOW_TO_PAIR}` },
    'logged-out': {
      ok: false,
      detail: `logged out (${record.why ?? 'unlinked on the phone'}): pair again, ${HOW_TO_PAIR}`,
    },
    'needs-pairing': {
      ok: false,
      detail: `the session is damaged (${record.why ?? 'bad session'}): pair again, ${HOW_TO_PAIR}`,
    },
    replaced: {
      ok: false,
      detail: `stopped: ${record.why ?? 'another session took over'}. Close the other Kev, then restart this one`,
    },
    forbidden: {
      ok: false,
      detail: `stopped: ${record.why ?? 'WhatsApp refused the account'}. Check the account on the phone`,
    },
  };
  return table[record.state];
}
