CREATE TABLE `fidelity_audit_versions` (
	`audit_id` integer NOT NULL,
	`version` integer NOT NULL,
	`item_ratings` text NOT NULL,
	`domain_ratings` text NOT NULL,
	`proscribed_observed` text NOT NULL,
	`comments` text,
	`saved_at` text NOT NULL,
	PRIMARY KEY(`audit_id`, `version`),
	FOREIGN KEY (`audit_id`) REFERENCES `fidelity_audits`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `fidelity_samples` (
	`meeting_id` integer PRIMARY KEY NOT NULL,
	`sampled` integer NOT NULL,
	`reason` text,
	`second_rater` integer DEFAULT false NOT NULL,
	`sample_draw` real,
	`second_draw` real,
	`sample_percent` integer,
	`second_rater_percent` integer,
	`added_by` integer,
	`recording_url` text,
	`recording_file` text,
	`recording_type` text,
	`recording_bytes` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`added_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `fidelity_samples_sampled_idx` ON `fidelity_samples` (`sampled`);--> statement-breakpoint
CREATE TABLE `fidelity_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`sample_percent` integer DEFAULT 20 NOT NULL,
	`second_rater_percent` integer DEFAULT 20 NOT NULL,
	`seed` text DEFAULT (lower(hex(randomblob(16)))) NOT NULL,
	`updated_by` integer,
	`updated_at` text,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `fidelity_audits` ADD `updated_at` text;--> statement-breakpoint
ALTER TABLE `fidelity_audits` ADD `released_at` text;--> statement-breakpoint
ALTER TABLE `fidelity_audits` ADD `released_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `fidelity_audits` ADD `acknowledged_at` text;--> statement-breakpoint
ALTER TABLE `fidelity_audits` ADD `acknowledged_by` integer REFERENCES users(id);