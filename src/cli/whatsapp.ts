// `kev whatsapp login [--pairing-code] [--number N]` and `kev whatsapp logout`: link Kev as a
// device of a WhatsApp account (QR code, or the 8-character code typed on the phone), and unlink it.

import { parseArgs } from 'node:util';
import { loadEnv, readConfig } from '../config/config.js';
import { openStore } from '../db/index.js';
import { createLogger } from '../shared/log.js';
import type { Command } from './command.js';

const USAGE = `Usage: kev whatsapp login [--pairing-code] [--number <digits>]
       kev whatsapp logout

  login                 Link Kev to a WhatsApp account: scan the QR code in Linked devices
  login --pairing-code  Type an 8-character code on the phone instead (for the number given by
                        --number, or KEV_OWNER_WHATSAPP when Kev runs on your own number)
  logout                Unlink Kev and clear its WhatsApp session
`;

export const whatsappCommand: Command = async (args) => {
  const [sub, ...rest] = args;
  if (sub !== 'login' && sub !== 'logout') {
    process.stderr.write(USAGE);
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: { 'pairing-code': { type: 'boolean' }, number: { type: 'string' } },
  });
  const config = readConfig(loadEnv());
  const log = createLogger({
    level: config.logLevel,
    file: config.logFile ?? `${config.dataDir}/kev.log`,
    secrets: config.secrets,
  });
  const store = openStore(config.dbFile);
  const say = (text: string) => process.stdout.write(`${text}\n`);
  const wsUrl = config.env.KEV_WHATSAPP_WS_URL;
  try {
    const { linkDevice, unlinkDevice } = await import('../bot/whatsapp-login.js');
    if (sub === 'logout') {
      const outcome = await unlinkDevice({ rows: store.whatsapp, log, waWebSocketUrl: wsUrl });
      say(
        {
          unlinked: 'Kev is unlinked from WhatsApp and its session is cleared.',
          cleared:
            'WhatsApp could not be reached, so the session was cleared here only: on your phone, remove Kev under Settings → Linked devices.',
          none: 'Kev was not linked to WhatsApp; nothing to do.',
        }[outcome],
      );
      return 0;
    }
    let pairingNumber: string | undefined;
    if (values['pairing-code']) {
      pairingNumber = (values.number ?? config.env.KEV_OWNER_WHATSAPP ?? '').replace(/\D/g, '');
      if (!/^\d{7,15}$/.test(pairingNumber)) {
        process.stderr.write(
          'kev whatsapp login --pairing-code needs the number of the WhatsApp account Kev runs on: --number 447700900123 (or set KEV_OWNER_WHATSAPP when it is your own).\n',
        );
        return 2;
      }
    }
    const { default: QRCode } = await import('qrcode');
    const { number } = await linkDevice({
      rows: store.whatsapp,
      log,
      waWebSocketUrl: wsUrl,
      pairingNumber,
      say,
      renderQr: (data) => QRCode.toString(data, { type: 'terminal', small: true }),
    });
    say(`Linked: Kev is on WhatsApp as +${number}. Start it with KEV_WHATSAPP=1 and KEV_OWNER_WHATSAPP set.`);
    return 0;
  } finally {
    store.close();
  }
};
