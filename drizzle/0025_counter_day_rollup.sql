-- rollup_counter_day (schema/rollups.ts): counted ratings per unit, local day and counter, for the
-- overview's worst counter (issue 15, item 1). db/sql/rollups.sql keeps it from now on; the
-- ratings already stored are counted in once here (those naming a counter, not excluded).
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
CREATE INDEX "rollup_counter_day_day_idx" ON "rollup_counter_day" USING btree ("day");--> statement-breakpoint
INSERT INTO "rollup_counter_day" ("unit_id", "day", "counter_id", "ratings", "satisfied", "neutral", "dissatisfied")
SELECT r.unit_id, hl_local(r.pressed_at)::date, r.counter_id,
	count(*),
	count(*) FILTER (WHERE l.class = 'satisfied'),
	count(*) FILTER (WHERE l.class = 'neutral'),
	count(*) FILTER (WHERE l.class = 'dissatisfied')
FROM ratings r JOIN rating_scale_levels l ON l.scale_id = r.scale_id AND l.level = r.level
WHERE r.counted AND r.counter_id IS NOT NULL
	AND NOT EXISTS (SELECT 1 FROM rating_exclusions x WHERE x.rating_id = r.id AND x.revoked_at IS NULL)
GROUP BY 1, 2, 3;
