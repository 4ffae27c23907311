CREATE TABLE `checkin_attendance` (
	`meeting_id` integer NOT NULL,
	`participant_id` integer NOT NULL,
	`status` text NOT NULL,
	PRIMARY KEY(`meeting_id`, `participant_id`),
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `checkin_attendance_participant_idx` ON `checkin_attendance` (`participant_id`);