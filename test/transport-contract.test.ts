// One transport contract, one row per chat platform. WhatsApp joins as one more row.

import { consoleRow } from './transport-contract/console-rig.js';
import { describeTransportContract } from './transport-contract/contract.js';
import type { RigRow } from './transport-contract/rig.js';
import { telegramRow } from './transport-contract/telegram-rig.js';

const ROWS: RigRow[] = [consoleRow, telegramRow];

for (const row of ROWS) describeTransportContract(row);
