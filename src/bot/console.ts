// The terminal transport, Kev's embedded default. Interactive on a TTY (a prompt, replies, choices
// as numbered options answered by number); on piped input it reads one message per line, waits
// for each reply to be delivered, and closes at end of input.

import { createInterface, type Interface } from 'node:readline';
import {
  type ChatTransport,
  type DeliveryReceipt,
  type InboundHandler,
  type OutgoingMessage,
  UNPACED,
} from '../ports/chat.js';

export interface ConsoleOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Prompt and colours; defaults to whether input and output are terminals. */
  interactive?: boolean;
  /** Awaited after each line is handled: the composition root waits for delivery here. */
  afterEach?: () => Promise<void>;
}

export const CONSOLE_CHAT = 'local';
/** The user id of the one person at the terminal: the owner. */
export const CONSOLE_OWNER = 'owner';

export class ConsoleTransport implements ChatTransport {
  readonly platform = 'console';
  // Edits are acknowledged but not printed: on a terminal the decision's own reply already says it.
  readonly capabilities = { edit: true, buttons: false };
  readonly pacing = UNPACED;
  readonly closed: Promise<void>;
  private close!: () => void;
  private rl: Interface | undefined;
  private readonly interactive: boolean;
  private lastPrompt: { promptId: number; count: number } | undefined;
  private busy = false;
  private sequence = 0;
  private readonly session = Date.now().toString(36);

  constructor(private readonly options: ConsoleOptions) {
    this.interactive =
      options.interactive ??
      Boolean((options.input as { isTTY?: boolean }).isTTY && (options.output as { isTTY?: boolean }).isTTY);
    this.closed = new Promise((resolve) => {
      this.close = resolve;
    });
  }

  async start(handler: InboundHandler): Promise<void> {
    const rl = createInterface({
      input: this.options.input,
      terminal: this.interactive,
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    this.rl = rl;
    if (this.interactive) {
      rl.setPrompt('you › ');
      this.write('Kev is listening. Type /help for commands, Ctrl-D to quit.\n');
      rl.prompt();
    }
    void this.read(rl, handler);
  }

  private async read(rl: Interface, handler: InboundHandler): Promise<void> {
    try {
      for await (const line of rl) {
        if (!this.interactive) this.write(`you › ${line}\n`);
        this.busy = true;
        try {
          const result = await handler(this.toIncoming(line));
          if (result.toast && result.replies === 0) this.write(`kev › ${result.toast}\n`);
          await this.options.afterEach?.();
        } finally {
          this.busy = false;
        }
        if (this.interactive) rl.prompt();
      }
    } finally {
      this.close();
    }
  }

  private toIncoming(line: string) {
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
        return { ...base, kind: 'choice' as const, promptId: prompt.promptId, index };
      }
    }
    return { ...base, kind: 'text' as const, text: line };
  }

  async send(_chatId: string, message: OutgoingMessage): Promise<DeliveryReceipt> {
    const indent = (text: string) => text.split('\n').join('\n      ');
    let out = `kev › ${indent(message.text)}\n`;
    if (message.document)
      out += `      (attached ${message.document.filename}, ${message.document.content.length} characters)\n`;
    if (message.choices?.length && message.promptId !== undefined) {
      out += `      ${message.choices.map((c, i) => `[${i + 1}] ${c}`).join('  ')}  — answer with a number\n`;
      this.lastPrompt = { promptId: message.promptId, count: message.choices.length };
    }
    this.write(out);
    return { externalId: `${this.session}-out-${++this.sequence}` };
  }

  async edit(): Promise<void> {}

  async stop(): Promise<void> {
    this.rl?.close();
  }

  private write(text: string): void {
    if (this.interactive && this.rl) {
      // Print above the prompt line without mangling what the owner is typing.
      this.options.output.write(`\r\x1b[K${text}`);
      if (!this.busy) this.rl.prompt(true);
      return;
    }
    this.options.output.write(text);
  }
}
