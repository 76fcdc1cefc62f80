ALTER TABLE `agent_runs` ADD `retry_after_ms` integer;--> statement-breakpoint
ALTER TABLE `agent_runs` ADD `waited_ms` integer;