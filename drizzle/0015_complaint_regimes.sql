ALTER TABLE "complaint_events" DROP CONSTRAINT "complaint_events_kind_check";--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "kind" text DEFAULT 'petition' NOT NULL;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "complex" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "remote" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "accepted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "complaint_events" ADD CONSTRAINT "complaint_events_kind_check" CHECK ("kind" IN ('created', 'assigned', 'status_changed', 'note', 'call_back', 'reopened', 'contact_erased', 'reclassified', 'accepted'));--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_kind_check" CHECK ("kind" IN ('petition', 'complaint', 'internal'));--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_accepted_check" CHECK ("accepted_at" IS NULL OR ("kind" = 'complaint' AND "accepted_at" >= "received_at"));