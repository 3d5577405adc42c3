CREATE TABLE "procedure_units" (
	"procedure_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	CONSTRAINT "procedure_units_procedure_id_unit_id_pk" PRIMARY KEY("procedure_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "unit_successors" (
	"predecessor_id" integer NOT NULL,
	"successor_id" integer NOT NULL,
	"effective_at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unit_successors_predecessor_id_successor_id_pk" PRIMARY KEY("predecessor_id","successor_id"),
	CONSTRAINT "unit_successors_kind_check" CHECK ("kind" IN ('whole', 'partial', 'other')),
	CONSTRAINT "unit_successors_not_self_check" CHECK ("predecessor_id" <> "successor_id")
);
--> statement-breakpoint
CREATE TABLE "officer_photos" (
	"officer_id" integer PRIMARY KEY NOT NULL,
	"bytes" "bytea" NOT NULL,
	"mime" text NOT NULL,
	"width" smallint NOT NULL,
	"height" smallint NOT NULL,
	"etag" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "procedures" ALTER COLUMN "posted_at_desk" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "procedures" ALTER COLUMN "posted_at_desk" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "procedures" ALTER COLUMN "published_online" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "procedures" ALTER COLUMN "published_online" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "procedures" ALTER COLUMN "online_level" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "procedures" ALTER COLUMN "online_level" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "procedures" ADD COLUMN "short_code" text;--> statement-breakpoint
ALTER TABLE "procedures" ADD COLUMN "handling_hours" smallint;--> statement-breakpoint
ALTER TABLE "procedures" ADD COLUMN "level_vi" text;--> statement-breakpoint
ALTER TABLE "service_centres" ADD COLUMN "kind" text;--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "category" text;--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "valid_from" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "officers" ADD COLUMN "title_vi" text;--> statement-breakpoint
ALTER TABLE "officers" ADD COLUMN "title_en" text;--> statement-breakpoint
ALTER TABLE "rating_scales" ADD COLUMN "active_from" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "procedure_units" ADD CONSTRAINT "procedure_units_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedure_units" ADD CONSTRAINT "procedure_units_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_successors" ADD CONSTRAINT "unit_successors_predecessor_id_units_id_fk" FOREIGN KEY ("predecessor_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_successors" ADD CONSTRAINT "unit_successors_successor_id_units_id_fk" FOREIGN KEY ("successor_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "officer_photos" ADD CONSTRAINT "officer_photos_officer_id_officers_id_fk" FOREIGN KEY ("officer_id") REFERENCES "public"."officers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "procedure_units_unit_idx" ON "procedure_units" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "unit_successors_successor_idx" ON "unit_successors" USING btree ("successor_id");--> statement-breakpoint
CREATE INDEX "procedures_short_code_idx" ON "procedures" USING btree ("short_code");--> statement-breakpoint
ALTER TABLE "service_centres" ADD CONSTRAINT "service_centres_kind_check" CHECK ("kind" IS NULL OR "kind" IN ('province_centre', 'commune_centre', 'reception_point', 'one_stop_desk'));