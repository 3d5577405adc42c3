DROP INDEX "rating_marks_pressed_idx";--> statement-breakpoint
CREATE INDEX "rating_marks_no_service_idx" ON "rating_marks" USING btree ("pressed_at") WHERE "no_service";--> statement-breakpoint
CREATE INDEX "rating_marks_burst_idx" ON "rating_marks" USING btree ("pressed_at") WHERE "burst";--> statement-breakpoint
CREATE INDEX "rating_marks_off_hours_idx" ON "rating_marks" USING btree ("pressed_at") WHERE "off_hours";--> statement-breakpoint
CREATE INDEX "rating_marks_foreign_device_idx" ON "rating_marks" USING btree ("pressed_at") WHERE "foreign_device";