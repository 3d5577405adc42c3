CREATE TABLE "calendar_notices" (
	"id" text PRIMARY KEY NOT NULL,
	"document" text NOT NULL,
	"issuer" text NOT NULL,
	"issued" date NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"built_in" boolean DEFAULT false NOT NULL,
	"entered_by" integer,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_notices_status_check" CHECK ("status" IN ('confirmed', 'unconfirmed', 'provisional'))
);
--> statement-breakpoint
ALTER TABLE "calendar_days" ADD COLUMN "source" text;--> statement-breakpoint
ALTER TABLE "calendar_days" ADD COLUMN "occasion" text;--> statement-breakpoint
ALTER TABLE "calendar_notices" ADD CONSTRAINT "calendar_notices_entered_by_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_days" ADD CONSTRAINT "calendar_days_source_calendar_notices_id_fk" FOREIGN KEY ("source") REFERENCES "public"."calendar_notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calendar_days_source_idx" ON "calendar_days" USING btree ("source");--> statement-breakpoint
ALTER TABLE "calendar_days" ADD CONSTRAINT "calendar_days_occasion_check" CHECK ("occasion" IS NULL OR "occasion" IN ('new_year', 'tet', 'hung_kings', 'april_may', 'national_day', 'other'));