CREATE TABLE `guide_recordings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`lang` text NOT NULL,
	`file_name` text NOT NULL,
	`mime` text NOT NULL,
	`bytes` integer NOT NULL,
	`uploaded_by` integer NOT NULL,
	`uploaded_at` text NOT NULL,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `guide_recordings_file_name_unique` ON `guide_recordings` (`file_name`);--> statement-breakpoint
CREATE UNIQUE INDEX `guide_recordings_slug_lang_idx` ON `guide_recordings` (`slug`,`lang`);