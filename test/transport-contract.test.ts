// One transport contract, one row per chat platform: the console, Telegram and WhatsApp.

import { consoleRow } from './transport-contract/console-rig.js';
import { describeTransportContract } from './transport-contract/contract.js';
import type { RigRow } from './transport-contract/rig.js';
import { telegramRow } from './transport-contract/telegram-rig.js';
import { whatsappRow } from './transport-contract/whatsapp-rig.js';

const ROWS: RigRow[] = [consoleRow, telegramRow, whatsappRow];

for (const row of ROWS) describeTransportContract(row);
