CREATE TABLE `decision_corrections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`participant_id` integer NOT NULL,
	`from_decision` text NOT NULL,
	`to_decision` text NOT NULL,
	`from_value` text NOT NULL,
	`to_value` text NOT NULL,
	`reason` text NOT NULL,
	`recorded_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `decision_corrections_participant_idx` ON `decision_corrections` (`participant_id`);--> statement-breakpoint
ALTER TABLE `adverse_events` ADD `acknowledged_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `adverse_events` ADD `acknowledged_at` text;