CREATE TABLE "outcome_credentials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"outcome_id" uuid NOT NULL,
	"status_index" integer NOT NULL,
	"jwt" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	CONSTRAINT "outcome_credentials_status_index" UNIQUE("school_id","status_index"),
	CONSTRAINT "outcome_credentials_index_range" CHECK ("outcome_credentials"."status_index" >= 0 and "outcome_credentials"."status_index" < 131072)
);
--> statement-breakpoint
CREATE TABLE "repository_signing_keys" (
	"id" text PRIMARY KEY DEFAULT 'repository' NOT NULL,
	"public_key" text NOT NULL,
	"private_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "repository_signing_keys_one" CHECK ("repository_signing_keys"."id" = 'repository')
);
--> statement-breakpoint
ALTER TABLE "outcome_credentials" ADD CONSTRAINT "outcome_credentials_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_credentials" ADD CONSTRAINT "outcome_credentials_outcome_id_outcomes_id_fk" FOREIGN KEY ("outcome_id") REFERENCES "public"."outcomes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outcome_credentials_outcome_idx" ON "outcome_credentials" USING btree ("outcome_id","issued_at");