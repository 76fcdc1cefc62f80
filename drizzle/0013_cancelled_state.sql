-- Cancelled becomes its own task state. Tasks cancelled before it were stored as failed with the
-- cancel's note; they move to cancelled, so no report counts them as failures.
UPDATE `tasks` SET `state` = 'cancelled' WHERE `state` = 'failed' AND `note` = 'cancelled by the owner';
