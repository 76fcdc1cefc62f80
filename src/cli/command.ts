// The shape every `kev` subcommand has: its arguments in, an exit code out.

/** Contract: writes its own output; resolves to the process exit code; throws only for a ConfigError-like sentence. */
export type Command = (args: string[]) => Promise<number>;
