DROP INDEX `staff_alerts_open_idx`;--> statement-breakpoint
DROP INDEX `staff_alerts_group_idx`;--> statement-breakpoint
CREATE INDEX `staff_alerts_open_idx` ON `staff_alerts` (`cleared_at`,"raised_at" desc,`alert_key`);--> statement-breakpoint
CREATE INDEX `staff_alerts_group_idx` ON `staff_alerts` (`group_id`,`cleared_at`);