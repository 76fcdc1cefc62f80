// The board's table: its one-time login tokens, written by `kev board` and consumed by the running
// server. Only a hash of each token is kept.

import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const boardTokens = sqliteTable('board_tokens', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** SHA-256 of the token, hex. */
  hash: text('hash').notNull().unique(),
  expiresAt: integer('expires_at').notNull(),
  usedAt: integer('used_at'),
  createdAt: integer('created_at').notNull(),
});
