ALTER TABLE `tasks` ADD `project` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `branch` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `worktree` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `session_id` text;