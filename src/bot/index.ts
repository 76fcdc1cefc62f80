// The transports' public face: opens the chat transports the config asks for, one row per platform,
// and says who owns each. The console is the embedded default when no platform is configured.
// Each platform's library is imported only when its row is configured.

import type { ChatTransport, MakeDurable, Transcribe } from '../ports/chat.js';
import type { Logger } from '../shared/log.js';
import { CONSOLE_CHAT, CONSOLE_OWNER, type ConsoleOptions, ConsoleTransport } from './console.js';
import type { SessionRowsPort } from './whatsapp-auth.js';

export interface TransportSettings {
  telegram?:
    | {
        token: string;
        apiRoot: string | undefined;
        ownerIds: string[];
        webhook?: { url: string; secret: string | undefined; port: number } | undefined;
      }
    | undefined;
  /** KEV_WHATSAPP=1: the owner's number, the session rows in SQLite, the WebSocket endpoint. */
  whatsapp?:
    | {
        owner: string;
        wsUrl: string | undefined;
        minIntervalMs: number;
        rows: SessionRowsPort;
        /** KEV_WHATSAPP_PAIRING_CODE: without a session, pair at start with a code for this number. */
        pairingNumber?: string | undefined;
      }
    | undefined;
  /** A person watches the terminal: WhatsApp without a session shows its QR code there. */
  terminal?: boolean;
  /** Voice notes are transcribed with this where a platform has them. */
  transcribe?: Transcribe | undefined;
  /** Makes what Kev recorded survive a power cut (before a platform is told of receipt). */
  durable?: MakeDurable;
  /** A platform stopped for good (e.g. WhatsApp logged out): tell the owner on the other platforms. */
  alert?: (from: string, text: string) => void;
  console: ConsoleOptions & {
    /** Awaited after each line: the root waits for delivery here. */
    afterEach: () => Promise<void>;
  };
  /** The command menu, from the same table as /help. */
  commands: Array<{ command: string; description: string }>;
  log: Logger;
}

/** One running platform: its transport, the user ids it admits, the owner's main chat on it. */
export interface OpenedTransport {
  transport: ChatTransport;
  owners: ReadonlySet<string>;
  home: string;
}

interface TransportRow {
  platform: string;
  configured(settings: TransportSettings): boolean;
  open(settings: TransportSettings): Promise<OpenedTransport>;
}

const TRANSPORTS: TransportRow[] = [
  {
    platform: 'telegram',
    configured: (s) => s.telegram !== undefined,
    open: async (s) => {
      const { TelegramTransport } = await import('./telegram.js');
      const { token, apiRoot, ownerIds, webhook } = s.telegram!;
      const transport = new TelegramTransport({
        token,
        apiRoot,
        ownerChats: ownerIds,
        commands: s.commands,
        webhook,
        log: s.log,
        transcribe: s.transcribe,
        ...(s.durable ? { durable: s.durable } : {}),
      });
      // A private chat's id is its user's id, so the first owner's id is their chat.
      return { transport, owners: new Set(ownerIds), home: ownerIds[0] ?? '' };
    },
  },
  {
    platform: 'whatsapp',
    configured: (s) => s.whatsapp !== undefined,
    open: async (s) => {
      // Baileys is loaded only when KEV_WHATSAPP=1.
      const [{ WhatsAppTransport }, { terminalPairing }] = await Promise.all([
        import('./whatsapp.js'),
        import('./whatsapp-unpaired.js'),
      ]);
      const { owner, wsUrl, minIntervalMs, rows, pairingNumber } = s.whatsapp!;
      const transport = new WhatsAppTransport({
        ownerNumber: owner,
        rows,
        log: s.log,
        waWebSocketUrl: wsUrl,
        minIntervalMs,
        transcribe: s.transcribe,
        onAlert: (text) => s.alert?.('whatsapp', text),
        // Without a session: paired here when someone watches the terminal or a code was asked for.
        pairing: terminalPairing({
          pairingNumber,
          terminal: s.terminal ?? false,
          output: s.console.output,
          log: s.log,
        }),
      });
      return { transport, owners: new Set([owner]), home: transport.ownerChat };
    },
  },
];

function openConsole(s: TransportSettings): OpenedTransport {
  const transport = new ConsoleTransport(s.console);
  return { transport, owners: new Set([CONSOLE_OWNER]), home: CONSOLE_CHAT };
}

export interface Transports {
  list: ChatTransport[];
  /** Allowed user ids per platform; Kev admits nobody on a platform missing here. */
  owners: Record<string, ReadonlySet<string>>;
  /** The owner's main chat: the first configured platform's first owner. */
  home: { platform: string; chatId: string };
  /** The owner's chat on each platform, in the order the platforms were opened. */
  homes: Array<{ platform: string; chatId: string }>;
}

export async function openTransports(settings: TransportSettings): Promise<Transports> {
  const rows = TRANSPORTS.filter((row) => row.configured(settings));
  const opened = rows.length
    ? await Promise.all(rows.map((row) => row.open(settings)))
    : [openConsole(settings)];
  const first = opened[0]!;
  return {
    list: opened.map((o) => o.transport),
    owners: Object.fromEntries(opened.map((o) => [o.transport.platform, o.owners])),
    home: { platform: first.transport.platform, chatId: first.home },
    homes: opened.map((o) => ({ platform: o.transport.platform, chatId: o.home })),
  };
}
