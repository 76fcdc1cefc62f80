CREATE TABLE `whatsapp_session` (
	`type` text NOT NULL,
	`id` text NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`type`, `id`)
);
