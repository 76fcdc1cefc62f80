// A pass that never runs twice at once: a kick during a pass asks for one more pass after it, and a
// kick is never lost, even one that lands after the last check but before the pass has settled.
// The delivery loop and the merge service both run this way.

export class SerialPass {
  private current: Promise<void> | undefined;
  private again = false;

  constructor(private readonly pass: () => Promise<void>) {}

  /** Runs the pass now, or once more right after the one under way. */
  kick(): void {
    if (this.current) {
      this.again = true;
      return;
    }
    this.again = false;
    this.current = this.pass().finally(() => {
      this.current = undefined;
      if (this.again) this.kick();
    });
  }

  /** The pass under way, if any. */
  get running(): Promise<void> | undefined {
    return this.current;
  }

  /** Resolves once no pass is running or asked for. */
  async idle(): Promise<void> {
    while (this.current) await this.current;
  }
}
