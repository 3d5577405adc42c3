CREATE TABLE "dossier_holders" (
	"dossier_id" bigint PRIMARY KEY NOT NULL,
	"name" text,
	"id_number" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "service_events" DROP CONSTRAINT "service_events_origin_check";--> statement-breakpoint
ALTER TABLE "service_events" ALTER COLUMN "dossier_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "service_events" ADD COLUMN "procedure_id" integer;--> statement-breakpoint
ALTER TABLE "service_events" ADD COLUMN "ticket" text;--> statement-breakpoint
ALTER TABLE "dossier_holders" ADD CONSTRAINT "dossier_holders_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_events" ADD CONSTRAINT "service_events_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "service_events_ticket_key" ON "service_events" USING btree ("counter_id","ticket","opened_at") WHERE "ticket" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "service_events" ADD CONSTRAINT "service_events_served_check" CHECK ("dossier_id" IS NOT NULL OR ("ticket" IS NOT NULL AND "procedure_id" IS NOT NULL));--> statement-breakpoint
ALTER TABLE "service_events" ADD CONSTRAINT "service_events_origin_check" CHECK ("origin" IN ('counter', 'integration', 'import', 'national', 'queue'));