CREATE TABLE `schedule_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job` text NOT NULL,
	`slot_key` text NOT NULL,
	`slot_at` integer NOT NULL,
	`outcome` text NOT NULL,
	`detail` text,
	`task_id` integer,
	`runner` text,
	`started_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `schedule_runs_slot` ON `schedule_runs` (`slot_key`);--> statement-breakpoint
CREATE INDEX `schedule_runs_job` ON `schedule_runs` (`job`,`slot_at`);--> statement-breakpoint
CREATE TABLE `schedule_state` (
	`job` text PRIMARY KEY NOT NULL,
	`paused` integer DEFAULT false NOT NULL,
	`since` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `topics` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`text` text NOT NULL,
	`key` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `topics_key` ON `topics` (`key`);