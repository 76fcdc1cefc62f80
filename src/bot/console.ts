// The terminal transport, Kev's embedded default. On a TTY: a prompt that echoes what you type
// (readline with history), colours unless NO_COLOR, a pasted block of lines sent as one message
// (bracketed paste, or lines arriving together), choices answered by number, documents saved to a
// file whose path is printed. On piped input it reads one message per line, waits for each reply to
// be delivered, and closes at end of input.

import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import {
  type ChatTransport,
  type DeliveryReceipt,
  type InboundHandler,
  type Incoming,
  type OutgoingMessage,
  UNPACED,
} from '../ports/chat.js';

export interface ConsoleOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Prompt, echo and paste handling; defaults to whether input and output are terminals. */
  interactive?: boolean;
  /** Colours (interactive only); the composition root passes false when NO_COLOR is set. */
  color?: boolean;
  /** Where attached documents are saved (their path is printed); without it only their size is. */
  filesDir?: string;
  /** Up-arrow history kept across runs (interactive only). */
  historyFile?: string;
  /** Awaited after each line is handled: the composition root waits for delivery here. */
  afterEach?: () => Promise<void>;
}

export const CONSOLE_CHAT = 'local';
/** The user id of the one person at the terminal: the owner. */
export const CONSOLE_OWNER = 'owner';

/** Lines that arrive within this long of each other (a paste without bracketed paste) are one message. */
const PASTE_GAP_MS = 15;
const HISTORY_SIZE = 200;
const PASTE_ON = '\x1b[?2004h';
const PASTE_OFF = '\x1b[?2004l';

const paint = (code: string) => (text: string) => `\x1b[${code}m${text}\x1b[0m`;
const PLAIN = { you: (t: string) => t, kev: (t: string) => t, dim: (t: string) => t };
const COLOURS = { you: paint('1;32'), kev: paint('1;36'), dim: paint('2') };

interface Keypress {
  name?: string;
}

export class ConsoleTransport implements ChatTransport {
  readonly platform = 'console';
  // Edits are acknowledged but not printed: on a terminal the decision's own reply already says it.
  readonly capabilities = { edit: true, buttons: false };
  readonly pacing = UNPACED;
  readonly closed: Promise<void>;
  private close!: () => void;
  private rl: Interface | undefined;
  private readonly interactive: boolean;
  private readonly style: typeof PLAIN;
  private lastPrompt: { promptId: number; count: number } | undefined;
  /** Messages being handled; the end of input waits for them. */
  private readonly inFlight = new Set<Promise<void>>();
  private sequence = 0;
  private readonly session = Date.now().toString(36);
  /** Lines of a message being gathered (a paste), and whether a bracketed paste is open. */
  private gathered: string[] = [];
  private pasting = false;
  private flushTimer: NodeJS.Timeout | undefined;
  private handler: InboundHandler | undefined;

  constructor(private readonly options: ConsoleOptions) {
    this.interactive =
      options.interactive ??
      Boolean((options.input as { isTTY?: boolean }).isTTY && (options.output as { isTTY?: boolean }).isTTY);
    this.style = this.interactive && options.color !== false ? COLOURS : PLAIN;
    this.closed = new Promise((resolve) => {
      this.close = resolve;
    });
  }

  async start(handler: InboundHandler): Promise<void> {
    this.handler = handler;
    if (!this.interactive) {
      const rl = createInterface({
        input: this.options.input,
        terminal: false,
        crlfDelay: Number.POSITIVE_INFINITY,
      });
      this.rl = rl;
      void this.readPiped(rl, handler);
      return;
    }
    const rl = createInterface({
      input: this.options.input,
      output: this.options.output,
      terminal: true,
      historySize: HISTORY_SIZE,
      history: this.loadHistory(),
      removeHistoryDuplicates: true,
      prompt: `${this.style.you('you ›')} `,
    });
    this.rl = rl;
    // readline turns the terminal's paste markers into keypresses; lines between them are one message.
    this.options.input.on('keypress', (_s: unknown, key: Keypress | undefined) => {
      if (key?.name === 'paste-start') this.pasting = true;
      if (key?.name === 'paste-end') this.pasting = false;
    });
    rl.on('line', (line) => this.gather(line));
    rl.on('close', () => {
      this.options.output.write(PASTE_OFF);
      this.flush();
      void Promise.all(this.inFlight).finally(() => this.close());
    });
    this.options.output.write(PASTE_ON);
    this.write(`${this.style.dim('Kev is listening. Type /help for commands, Ctrl-D to quit.')}\n`);
    rl.prompt();
  }

  private async readPiped(rl: Interface, handler: InboundHandler): Promise<void> {
    try {
      for await (const line of rl) {
        this.write(`you › ${line}\n`);
        await this.handleOne(handler, line);
      }
    } finally {
      this.close();
    }
  }

  /** A typed line, or one line of a paste: gathered until the paste ends or the lines stop coming. */
  private gather(line: string): void {
    this.gathered.push(line);
    this.remember(line);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.pasting) return;
    this.flushTimer = setTimeout(() => this.flush(), PASTE_GAP_MS);
  }

  /**
   * Sends what was gathered as one message. Each goes to the core at once: the core keeps free
   * texts in order and lets commands through while a slow one is with a model.
   */
  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    // A paste that ended with a newline leaves an empty last line: the Enter that sent it.
    while (this.gathered.length > 1 && this.gathered.at(-1) === '') this.gathered.pop();
    const text = this.gathered.join('\n');
    this.gathered = [];
    if (this.handler && text.trim() !== '') {
      const run = this.handleOne(this.handler, text).finally(() => this.inFlight.delete(run));
      this.inFlight.add(run);
    }
    // The prompt is back at once: a /status can be typed while a slow answer is on its way.
    this.rl?.prompt();
  }

  private async handleOne(handler: InboundHandler, text: string): Promise<void> {
    const result = await handler(this.toIncoming(text));
    if (result.toast && result.replies === 0) this.write(`${this.style.kev('kev ›')} ${result.toast}\n`);
    await this.options.afterEach?.();
  }

  private toIncoming(line: string): Incoming {
    const base = {
      platform: this.platform,
      chatId: CONSOLE_CHAT,
      userId: CONSOLE_OWNER,
      messageId: `${this.session}-${++this.sequence}`,
      chatType: 'private' as const,
    };
    const pick = /^\s*(\d{1,2})\s*$/.exec(line);
    const prompt = this.lastPrompt;
    if (pick && prompt) {
      const index = Number(pick[1]) - 1;
      if (index >= 0 && index < prompt.count) {
        this.lastPrompt = undefined;
        return { ...base, kind: 'choice', promptId: prompt.promptId, index };
      }
    }
    return { ...base, kind: 'text', text: line };
  }

  async send(_chatId: string, message: OutgoingMessage): Promise<DeliveryReceipt> {
    const indent = (text: string) => text.split('\n').join('\n      ');
    let out = `${this.style.kev('kev ›')} ${indent(message.text)}\n`;
    if (message.document) out += `      ${this.style.dim(this.saveDocument(message.document))}\n`;
    if (message.choices?.length && message.promptId !== undefined) {
      out += `      ${message.choices.map((c, i) => `[${i + 1}] ${c}`).join('  ')}  — answer with a number\n`;
      this.lastPrompt = { promptId: message.promptId, count: message.choices.length };
    }
    this.write(out);
    return { externalId: `${this.session}-out-${++this.sequence}` };
  }

  /** Saves an attached document where the owner can open it, and says where. */
  private saveDocument(document: NonNullable<OutgoingMessage['document']>): string {
    const size = `${document.content.length} characters`;
    if (!this.options.filesDir) return `(attached ${document.filename}, ${size})`;
    try {
      mkdirSync(this.options.filesDir, { recursive: true });
      const path = join(this.options.filesDir, document.filename);
      writeFileSync(path, document.content);
      return `(the full text, ${size}, is in ${path})`;
    } catch (error) {
      return `(could not save ${document.filename}: ${(error as Error).message})`;
    }
  }

  async edit(): Promise<void> {}

  async stop(): Promise<void> {
    this.rl?.close();
  }

  private loadHistory(): string[] {
    if (!this.options.historyFile) return [];
    try {
      // readline wants the newest first.
      return readFileSync(this.options.historyFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .slice(-HISTORY_SIZE)
        .reverse();
    } catch {
      return [];
    }
  }

  private remember(line: string): void {
    if (!this.options.historyFile || !line.trim()) return;
    try {
      appendFileSync(this.options.historyFile, `${line.replace(/\n/g, ' ')}\n`);
    } catch {
      // History is a convenience: a read-only data folder must not stop the chat.
    }
  }

  private write(text: string): void {
    if (this.interactive && this.rl) {
      // Print above the prompt line, then redraw the prompt with what the owner was typing.
      this.options.output.write(`\r\x1b[K${text}`);
      this.rl.prompt(true);
      return;
    }
    this.options.output.write(text);
  }
}
