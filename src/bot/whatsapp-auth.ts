// The WhatsApp session as Baileys wants it (AuthenticationState), kept in Kev's SQLite through a
// small string key-value port: credentials under ('creds', ''), every signal key type (pre-key,
// session, sender-key, app-state-sync-key/version, and v7's lid-mapping, device-list, tctoken)
// under its own type. Values are BufferJSON strings. Every keys.set is one transaction of the
// port, and makeCacheableSignalKeyStore keeps hot keys in memory.

import {
  type AuthenticationCreds,
  type AuthenticationState,
  BufferJSON,
  initAuthCreds,
  makeCacheableSignalKeyStore,
  proto,
  type SignalDataSet,
  type SignalDataTypeMap,
  type SignalKeyStore,
} from '@whiskeysockets/baileys';
import type { Logger } from '../shared/log.js';

/** Contract: write() is atomic (all entries or none); read() returns only the ids that exist. */
export interface SessionRowsPort {
  read(type: string, ids: readonly string[]): Record<string, string>;
  readOne(type: string, id: string): string | undefined;
  write(entries: ReadonlyArray<{ type: string; id: string; value: string | null }>): void;
  clear(types?: readonly string[]): void;
}

const CREDS = 'creds';
/** Baileys' own data; the transport's records (sent ids, prompts, state) live beside it under kev-*. */
export const SIGNAL_TYPES: ReadonlyArray<keyof SignalDataTypeMap> = [
  'pre-key',
  'session',
  'sender-key',
  'sender-key-memory',
  'app-state-sync-key',
  'app-state-sync-version',
  'lid-mapping',
  'device-list',
  'tctoken',
  'identity-key',
];

export function encode(value: unknown): string {
  return JSON.stringify(value, BufferJSON.replacer);
}

export function decode<T>(text: string): T {
  return JSON.parse(text, BufferJSON.reviver) as T;
}

/** The stored credentials, or undefined when Kev was never paired (or was unlinked). */
export function readCreds(rows: SessionRowsPort): AuthenticationCreds | undefined {
  const text = rows.readOne(CREDS, '');
  return text ? decode<AuthenticationCreds>(text) : undefined;
}

export function writeCreds(rows: SessionRowsPort, creds: AuthenticationCreds): void {
  rows.write([{ type: CREDS, id: '', value: encode(creds) }]);
}

/** Removes the Baileys session (credentials and keys); the transport's own records go too. */
export function clearSession(rows: SessionRowsPort): void {
  rows.clear([CREDS, ...SIGNAL_TYPES, 'kev-sent', 'kev-prompt', 'kev-last-prompt']);
}

/** The raw key store over the port: one read per type, one transaction per set. */
export function makeKeyStore(rows: SessionRowsPort): SignalKeyStore {
  return {
    get: async (type, ids) => {
      const found = rows.read(type, ids);
      const out: { [id: string]: SignalDataTypeMap[typeof type] } = {};
      for (const [id, text] of Object.entries(found)) {
        let value = decode<unknown>(text);
        if (type === 'app-state-sync-key' && value) {
          value = proto.Message.AppStateSyncKeyData.fromObject(value as object);
        }
        out[id] = value as SignalDataTypeMap[typeof type];
      }
      return out;
    },
    set: async (data: SignalDataSet) => {
      const entries: Array<{ type: string; id: string; value: string | null }> = [];
      for (const [type, byId] of Object.entries(data)) {
        for (const [id, value] of Object.entries(byId ?? {})) {
          entries.push({ type, id, value: value === null || value === undefined ? null : encode(value) });
        }
      }
      rows.write(entries);
    },
    clear: async () => rows.clear(SIGNAL_TYPES),
  };
}

export interface LoadedAuth {
  state: AuthenticationState;
  /** Persists the credentials as they are now (call on every creds.update). */
  saveCreds(): void;
  /** True once the session belongs to a linked device (Baileys has set `me`). */
  paired: boolean;
}

/** Loads (or starts) the session. New credentials are written at once, so a pairing resumes. */
export function loadAuth(rows: SessionRowsPort, log: Logger): LoadedAuth {
  const stored = readCreds(rows);
  const creds = stored ?? initAuthCreds();
  if (!stored) writeCreds(rows, creds);
  return {
    state: { creds, keys: makeCacheableSignalKeyStore(makeKeyStore(rows), log) },
    saveCreds: () => writeCreds(rows, creds),
    paired: Boolean(creds.me?.id),
  };
}
