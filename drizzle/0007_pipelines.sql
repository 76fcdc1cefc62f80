CREATE TABLE `pipeline_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`pipeline_id` integer NOT NULL,
	`stage` integer NOT NULL,
	`task_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`pipeline_id`) REFERENCES `pipelines`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pipeline_runs_task` ON `pipeline_runs` (`task_id`);--> statement-breakpoint
CREATE INDEX `pipeline_runs_pipeline` ON `pipeline_runs` (`pipeline_id`);--> statement-breakpoint
CREATE TABLE `pipelines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`idea` text NOT NULL,
	`project` text NOT NULL,
	`state` text DEFAULT 'running' NOT NULL,
	`stage` integer DEFAULT 0 NOT NULL,
	`plan` text NOT NULL,
	`note` text,
	`platform` text,
	`chat_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
