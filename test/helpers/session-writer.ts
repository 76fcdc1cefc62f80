// A child process that writes the WhatsApp session as hard as it can (credentials and batches of
// signal keys through the same store Kev uses), so a test can SIGKILL it mid-write.

import { makeKeyStore, readCreds, writeCreds } from '../../src/bot/whatsapp-auth.js';
import { openStore } from '../../src/db/index.js';

const [file = ''] = process.argv.slice(2);
const store = openStore(file);
const keys = makeKeyStore(store.whatsapp);
const creds = readCreds(store.whatsapp);
if (!creds) throw new Error('seed the session first');
process.send?.('ready');
for (let generation = 1; ; generation += 1) {
  // One batch: 40 sessions and 40 pre-keys of the same generation, as Baileys' transaction commits.
  const session: Record<string, Uint8Array> = {};
  const preKey: Record<string, { public: Buffer; private: Buffer }> = {};
  for (let i = 0; i < 40; i += 1) {
    session[`peer${i}.0`] = Buffer.alloc(2048, generation % 251);
    preKey[String(i)] = { public: Buffer.alloc(33, generation % 251), private: Buffer.alloc(32, i) };
  }
  await keys.set({ session, 'pre-key': preKey, 'lid-mapping': { [`${generation}`]: `${generation}@lid` } });
  creds.nextPreKeyId = generation;
  creds.accountSyncCounter = generation;
  writeCreds(store.whatsapp, creds);
}
