ALTER TABLE `messages` ADD `choice_prompt_id` integer;--> statement-breakpoint
ALTER TABLE `messages` ADD `choice_index` integer;--> statement-breakpoint
-- Taps recorded before these columns carried their question and option as the text "[choice N:M]".
UPDATE `messages`
SET `choice_prompt_id` = CAST(substr(`text`, 9, instr(`text`, ':') - 9) AS INTEGER),
    `choice_index` = CAST(substr(`text`, instr(`text`, ':') + 1, length(`text`) - instr(`text`, ':') - 1) AS INTEGER)
WHERE `direction` = 'in' AND `text` GLOB '[[]choice [0-9]*:[0-9]*]';
