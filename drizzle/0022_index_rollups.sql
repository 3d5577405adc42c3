CREATE TABLE "rollup_766_dossier" (
	"dossier_id" bigint PRIMARY KEY NOT NULL,
	"unit_id" integer NOT NULL,
	"month" date NOT NULL,
	"late" boolean NOT NULL,
	"dissatisfied" boolean NOT NULL,
	"petitioned" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rollup_766_unit_month" (
	"unit_id" integer NOT NULL,
	"month" date NOT NULL,
	"dissatisfied" integer DEFAULT 0 NOT NULL,
	"petitioned" integer DEFAULT 0 NOT NULL,
	"flagged_on_time" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_766_unit_month_unit_id_month_pk" PRIMARY KEY("unit_id","month")
);
--> statement-breakpoint
CREATE TABLE "rollup_answers_unit_month" (
	"unit_id" integer NOT NULL,
	"month" date NOT NULL,
	"key" text NOT NULL,
	"scale_id" integer NOT NULL,
	"level" smallint NOT NULL,
	"answers" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_answers_unit_month_unit_id_month_key_scale_id_level_pk" PRIMARY KEY("unit_id","month","key","scale_id","level")
);
--> statement-breakpoint
CREATE TABLE "rollup_builds" (
	"name" text PRIMARY KEY NOT NULL,
	"built_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rollup_tt01_officer_month" (
	"officer_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"month" date NOT NULL,
	"dossiers" integer DEFAULT 0 NOT NULL,
	"on_time" integer DEFAULT 0 NOT NULL,
	"n1" integer DEFAULT 0 NOT NULL,
	"s1" integer DEFAULT 0 NOT NULL,
	"n2" integer DEFAULT 0 NOT NULL,
	"s2" integer DEFAULT 0 NOT NULL,
	"n3" integer DEFAULT 0 NOT NULL,
	"s3" integer DEFAULT 0 NOT NULL,
	"n4" integer DEFAULT 0 NOT NULL,
	"s4" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_tt01_officer_month_officer_id_unit_id_month_pk" PRIMARY KEY("officer_id","unit_id","month")
);
--> statement-breakpoint
CREATE TABLE "rollup_tt01_unit_month" (
	"unit_id" integer NOT NULL,
	"procedure_id" integer NOT NULL,
	"month" date NOT NULL,
	"dossiers" integer DEFAULT 0 NOT NULL,
	"on_time" integer DEFAULT 0 NOT NULL,
	"n1" integer DEFAULT 0 NOT NULL,
	"s1" integer DEFAULT 0 NOT NULL,
	"n2" integer DEFAULT 0 NOT NULL,
	"s2" integer DEFAULT 0 NOT NULL,
	"n3" integer DEFAULT 0 NOT NULL,
	"s3" integer DEFAULT 0 NOT NULL,
	"n4" integer DEFAULT 0 NOT NULL,
	"s4" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_tt01_unit_month_unit_id_procedure_id_month_pk" PRIMARY KEY("unit_id","procedure_id","month")
);
--> statement-breakpoint
CREATE INDEX "rollup_766_dossier_unit_month_idx" ON "rollup_766_dossier" USING btree ("unit_id","month");--> statement-breakpoint
CREATE INDEX "rollup_766_unit_month_month_idx" ON "rollup_766_unit_month" USING btree ("month");--> statement-breakpoint
CREATE INDEX "rollup_answers_unit_month_month_idx" ON "rollup_answers_unit_month" USING btree ("month");--> statement-breakpoint
CREATE INDEX "rollup_tt01_officer_month_month_idx" ON "rollup_tt01_officer_month" USING btree ("month");--> statement-breakpoint
CREATE INDEX "rollup_tt01_unit_month_month_idx" ON "rollup_tt01_unit_month" USING btree ("month");