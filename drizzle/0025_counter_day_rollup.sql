-- rollup_counter_day (schema/rollups.ts): counted ratings per unit, local day and counter, for the
-- overview's worst counter (issue 15, item 1). db/sql/rollups.sql keeps it and counts in the
-- ratings already stored, once, in the transaction that installs its trigger (a rating saved by a
-- process still running the old trigger between this migration and that one is not missed).
CREATE TABLE "rollup_counter_day" (
	"unit_id" integer NOT NULL,
	"day" date NOT NULL,
	"counter_id" integer NOT NULL,
	"ratings" integer DEFAULT 0 NOT NULL,
	"satisfied" integer DEFAULT 0 NOT NULL,
	"neutral" integer DEFAULT 0 NOT NULL,
	"dissatisfied" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_counter_day_unit_id_day_counter_id_pk" PRIMARY KEY("unit_id","day","counter_id")
);
--> statement-breakpoint
CREATE INDEX "rollup_counter_day_day_idx" ON "rollup_counter_day" USING btree ("day");
