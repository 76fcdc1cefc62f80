// A terminal stand-in for the console transport: type lines in, read what Kev printed.

import { PassThrough } from 'node:stream';

export class Screen {
  readonly input = new PassThrough();
  readonly output = new PassThrough();
  text = '';
  constructor() {
    this.output.on('data', (chunk) => {
      this.text += String(chunk);
    });
  }
  type(line: string): void {
    this.input.write(`${line}\n`);
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
