ALTER TABLE `promis_anxiety` ADD `language` text;--> statement-breakpoint
ALTER TABLE `users` ADD `locale` text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE `weekly_surveys` ADD `language` text;