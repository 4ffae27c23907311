CREATE TABLE `screening_criteria` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `screening_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`cohort_id` integer NOT NULL,
	`code` text NOT NULL,
	`referred_on` text NOT NULL,
	`screened_on` text NOT NULL,
	`eligible` integer NOT NULL,
	`failed_criteria` text NOT NULL,
	`consent` text DEFAULT 'pending' NOT NULL,
	`consented_on` text,
	`baseline_completed_on` text,
	`participant_id` integer,
	`recorded_by` integer NOT NULL,
	`updated_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `screening_log_code_unique` ON `screening_log` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `screening_log_participant_id_unique` ON `screening_log` (`participant_id`);--> statement-breakpoint
CREATE INDEX `screening_cohort_idx` ON `screening_log` (`cohort_id`);