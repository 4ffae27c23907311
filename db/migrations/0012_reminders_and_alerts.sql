CREATE TABLE `alert_acknowledgements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`alert_key` text NOT NULL,
	`participant_id` integer NOT NULL,
	`kind` text NOT NULL,
	`note` text NOT NULL,
	`acknowledged_by` integer NOT NULL,
	`acknowledged_at` text NOT NULL,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`acknowledged_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alert_acknowledgements_alert_key_unique` ON `alert_acknowledgements` (`alert_key`);--> statement-breakpoint
CREATE INDEX `alert_ack_participant_idx` ON `alert_acknowledgements` (`participant_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel` text NOT NULL,
	`kind` text NOT NULL,
	`user_id` integer NOT NULL,
	`dedupe_key` text NOT NULL,
	`recipient` text NOT NULL,
	`locale` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`headers` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`expires_at` text,
	`claimed_by` text,
	`claimed_at` text,
	`last_error` text,
	`sent_at` text,
	`provider_id` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedupe_key_unique` ON `outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_user_idx` ON `outbox` (`user_id`);--> statement-breakpoint
CREATE TABLE `reminder_preferences` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`meeting_tomorrow` integer DEFAULT true NOT NULL,
	`survey_open` integer DEFAULT true NOT NULL,
	`survey_closing` integer DEFAULT true NOT NULL,
	`staff_alerts` integer DEFAULT false NOT NULL,
	`send_at` text DEFAULT '18:00' NOT NULL,
	`quiet_start` text DEFAULT '21:00' NOT NULL,
	`quiet_end` text DEFAULT '08:00' NOT NULL,
	`updated_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `staff_alerts` (
	`alert_key` text PRIMARY KEY NOT NULL,
	`participant_id` integer NOT NULL,
	`group_id` integer NOT NULL,
	`kind` text NOT NULL,
	`detail` text NOT NULL,
	`raised_at` text NOT NULL,
	`cleared_at` text,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_alerts_open_idx` ON `staff_alerts` (`cleared_at`,`raised_at`);--> statement-breakpoint
CREATE INDEX `staff_alerts_group_idx` ON `staff_alerts` (`group_id`);