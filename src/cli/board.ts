// `kev board`: issues a one-time login token into the database (the running Kev consumes it) and
// prints the URL that opens the board. The token is shown once, here, and stored only as a hash.

import { loadEnv, readConfig } from '../config/config.js';
import { BoardTokens, LOGIN_TOKEN_TTL_MS, openStore } from '../db/index.js';
import type { Command } from './command.js';

export async function boardLogin(
  out: NodeJS.WritableStream = process.stdout,
  env = loadEnv(),
): Promise<number> {
  const config = readConfig(env);
  const board = config.board;
  if (!board) {
    out.write(
      'The board is off. Start Kev with KEV_BOARD_PORT set (e.g. KEV_BOARD_PORT=8787 npm start), then run kev board again.\n',
    );
    return 2;
  }
  if (board.port === 0) {
    out.write('KEV_BOARD_PORT=0 picks a free port at start; set a fixed port to get a login link.\n');
    return 2;
  }
  const store = openStore(config.dbFile);
  let token: string;
  try {
    token = new BoardTokens(store.db).issue();
  } finally {
    store.close();
  }
  const host = board.host === '0.0.0.0' || board.host === '::' ? '127.0.0.1' : board.host;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${board.port}`;
  const up = await fetch(`${origin}/assets/board.css`, { signal: AbortSignal.timeout(1500) }).then(
    (r) => r.ok,
    () => false,
  );
  out.write(
    `Open this link to log in to the board (it works once, for ${LOGIN_TOKEN_TTL_MS / 60_000} minutes):\n\n  ${origin}/login?token=${token}\n\n`,
  );
  if (!up)
    out.write(`Nothing answers at ${origin} yet: start Kev with KEV_BOARD_PORT=${board.port} first.\n`);
  return 0;
}

/** `kev board`. */
export const boardCommand: Command = () => boardLogin();
