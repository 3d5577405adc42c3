CREATE TABLE "rollup_officer_day" (
	"unit_id" integer NOT NULL,
	"day" date NOT NULL,
	"officer_id" integer NOT NULL,
	"stage" text NOT NULL,
	"services" integer DEFAULT 0 NOT NULL,
	"ratings" integer DEFAULT 0 NOT NULL,
	"satisfied" integer DEFAULT 0 NOT NULL,
	"neutral" integer DEFAULT 0 NOT NULL,
	"dissatisfied" integer DEFAULT 0 NOT NULL,
	"level1" integer DEFAULT 0 NOT NULL,
	"level2" integer DEFAULT 0 NOT NULL,
	"level3" integer DEFAULT 0 NOT NULL,
	"level4" integer DEFAULT 0 NOT NULL,
	"level5" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_officer_day_unit_id_day_officer_id_stage_pk" PRIMARY KEY("unit_id","day","officer_id","stage"),
	CONSTRAINT "rollup_officer_day_stage_check" CHECK ("stage" IN ('receiving', 'returning'))
);
--> statement-breakpoint
CREATE TABLE "rollup_unit_hour" (
	"unit_id" integer NOT NULL,
	"day" date NOT NULL,
	"hour" smallint NOT NULL,
	"ratings" integer DEFAULT 0 NOT NULL,
	"satisfied" integer DEFAULT 0 NOT NULL,
	"neutral" integer DEFAULT 0 NOT NULL,
	"dissatisfied" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_unit_hour_unit_id_day_hour_pk" PRIMARY KEY("unit_id","day","hour"),
	CONSTRAINT "rollup_unit_hour_hour_check" CHECK ("hour" BETWEEN 0 AND 23)
);
--> statement-breakpoint
CREATE INDEX "rollup_officer_day_officer_idx" ON "rollup_officer_day" USING btree ("officer_id","day");--> statement-breakpoint
CREATE INDEX "rollup_officer_day_day_idx" ON "rollup_officer_day" USING btree ("day");--> statement-breakpoint
CREATE INDEX "rollup_unit_hour_day_idx" ON "rollup_unit_hour" USING btree ("day");