-- Full-text index over memory, kept in step by triggers, so recall by relevance is one FTS5 query.
CREATE VIRTUAL TABLE `memory_fts` USING fts5(`text`, content='memory', content_rowid='id', tokenize='porter unicode61');
--> statement-breakpoint
INSERT INTO `memory_fts`(`rowid`, `text`) SELECT `id`, `text` FROM `memory`;
--> statement-breakpoint
CREATE TRIGGER `memory_fts_insert` AFTER INSERT ON `memory` BEGIN
  INSERT INTO `memory_fts`(`rowid`, `text`) VALUES (new.`id`, new.`text`);
END;
--> statement-breakpoint
CREATE TRIGGER `memory_fts_delete` AFTER DELETE ON `memory` BEGIN
  INSERT INTO `memory_fts`(`memory_fts`, `rowid`, `text`) VALUES ('delete', old.`id`, old.`text`);
END;
--> statement-breakpoint
CREATE TRIGGER `memory_fts_update` AFTER UPDATE ON `memory` BEGIN
  INSERT INTO `memory_fts`(`memory_fts`, `rowid`, `text`) VALUES ('delete', old.`id`, old.`text`);
  INSERT INTO `memory_fts`(`rowid`, `text`) VALUES (new.`id`, new.`text`);
END;
