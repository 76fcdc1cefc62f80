-- A pending merge becomes the explicit `merging` state: a build task in review whose latest audit row
-- is "merge requested" (the old marker) moves review → merging, with its own audit row.
INSERT INTO `task_events` (`task_id`, `from_state`, `to_state`, `reason`, `actor`, `at`)
SELECT t.`id`, 'review', 'merging', 'merge requested (migrated)', 'migration', CAST(strftime('%s', 'now') AS INTEGER) * 1000
FROM `tasks` t
WHERE t.`state` = 'review' AND t.`branch` IS NOT NULL
  AND (SELECT e.`reason` FROM `task_events` e WHERE e.`task_id` = t.`id` ORDER BY e.`id` DESC LIMIT 1) = 'merge requested';
--> statement-breakpoint
UPDATE `tasks` SET `state` = 'merging'
WHERE `id` IN (SELECT `task_id` FROM `task_events` WHERE `reason` = 'merge requested (migrated)' AND `to_state` = 'merging');
