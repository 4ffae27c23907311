CREATE TABLE `audit_log_indexed` (
	`id` integer PRIMARY KEY NOT NULL,
	`through_id` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `audit_participant_entries` (
	`participant_id` integer NOT NULL,
	`audit_id` integer NOT NULL,
	PRIMARY KEY(`participant_id`, `audit_id`)
);
--> statement-breakpoint
DROP INDEX `audit_participant_idx`;--> statement-breakpoint
CREATE INDEX `audit_participant_changes_idx` ON `audit_log` (`participant_id`) WHERE action in ('participant.enrol', 'participant.details.update');--> statement-breakpoint
INSERT INTO `audit_participant_entries` (`participant_id`, `audit_id`) SELECT `participant_id`, `id` FROM `audit_log` WHERE `participant_id` IS NOT NULL;--> statement-breakpoint
INSERT INTO `audit_log_indexed` (`id`, `through_id`) SELECT 1, coalesce(max(`id`), 0) FROM `audit_log`;