// A terminal stand-in for the console transport: type lines in, read what Kev printed. With
// `tty: true` both streams say they are terminals (isTTY, raw mode, columns), as under a real
// pty, so the console shows its prompt, echoes keys and reads pastes.

import { PassThrough } from 'node:stream';

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

export class Screen {
  readonly input = new PassThrough();
  readonly output = new PassThrough();
  /** Everything written, escape sequences included. */
  raw = '';
  constructor(options: { tty?: boolean } = {}) {
    if (options.tty) {
      Object.assign(this.input, { isTTY: true, setRawMode: () => this.input });
      Object.assign(this.output, { isTTY: true, columns: 100, rows: 40 });
    }
    this.output.on('data', (chunk) => {
      this.raw += String(chunk);
    });
  }
  /** What a person would read: escape sequences removed, carriage returns as line starts. */
  get text(): string {
    return this.raw.replace(ANSI, '').replace(/\r\n/g, '\n').replace(/\r/g, '');
  }
  type(line: string): void {
    this.input.write(`${line}\n`);
  }
  /** Keys as a terminal sends them: Enter is a carriage return. */
  keys(text: string): void {
    this.input.write(text);
  }
  /** Polls the screen (up to ~30 s, so a failure shows what was on it). */
  async waitFor(pattern: RegExp): Promise<string> {
    for (let i = 0; i < 1500; i++) {
      const match = pattern.exec(this.text);
      if (match) return match[0];
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`never saw ${pattern} in:\n${this.text}`);
  }
}
