CREATE TABLE "box_bridge_counters" (
	"bridge_id" integer NOT NULL,
	"counter_id" integer NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"assigned_by" integer,
	CONSTRAINT "box_bridge_counters_bridge_id_counter_id_pk" PRIMARY KEY("bridge_id","counter_id")
);
--> statement-breakpoint
ALTER TABLE "ratings" DROP CONSTRAINT "ratings_not_counted_check";--> statement-breakpoint
ALTER TABLE "ratings" ADD COLUMN "bridge_id" integer;--> statement-breakpoint
ALTER TABLE "box_bridge_counters" ADD CONSTRAINT "box_bridge_counters_bridge_id_box_bridges_id_fk" FOREIGN KEY ("bridge_id") REFERENCES "public"."box_bridges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "box_bridge_counters" ADD CONSTRAINT "box_bridge_counters_counter_id_counters_id_fk" FOREIGN KEY ("counter_id") REFERENCES "public"."counters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "box_bridge_counters" ADD CONSTRAINT "box_bridge_counters_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_bridge_id_box_bridges_id_fk" FOREIGN KEY ("bridge_id") REFERENCES "public"."box_bridges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ratings_bridge_refused_idx" ON "ratings" USING btree ("bridge_id","received_at") WHERE "not_counted_reason" IN ('bridge_not_assigned', 'too_old');--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_not_counted_check" CHECK (("counted" AND "not_counted_reason" IS NULL) OR (NOT "counted" AND "not_counted_reason" IS NOT NULL AND "not_counted_reason" IN ('repeat_press', 'no_service', 'unassigned_device', 'already_rated', 'stale', 'bridge_not_assigned', 'too_old')));