CREATE TABLE "school_receipt_syncs" (
	"school_id" uuid PRIMARY KEY NOT NULL,
	"cursor" timestamp with time zone,
	"status" text NOT NULL,
	"requested_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"received" integer DEFAULT 0 NOT NULL,
	"unmatched" integer DEFAULT 0 NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "school_receipts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"school_id" uuid NOT NULL,
	"student_id" uuid,
	"submission_id" uuid NOT NULL,
	"academic_year" smallint NOT NULL,
	"semester" smallint NOT NULL,
	"roster" smallint NOT NULL,
	"content" jsonb NOT NULL,
	"sha256" varchar(64) NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"central_status" text NOT NULL,
	"superseded_by" uuid,
	"response" text,
	"response_reason" text,
	"responded_at" timestamp with time zone,
	"responded_by" uuid,
	"relay_status" text,
	"relay_error" text,
	"dispute_id" uuid,
	"dispute_due_at" timestamp with time zone,
	"dispute_status" text,
	"dispute_resolution" text,
	"dispute_resolved_at" timestamp with time zone,
	"answer_note" text,
	"answered_at" timestamp with time zone,
	"answered_by" uuid,
	"answer_relay_status" text,
	"synced_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "school_receipt_syncs" ADD CONSTRAINT "school_receipt_syncs_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_receipts" ADD CONSTRAINT "school_receipts_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_receipts" ADD CONSTRAINT "school_receipts_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_receipts" ADD CONSTRAINT "school_receipts_responded_by_users_id_fk" FOREIGN KEY ("responded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_receipts" ADD CONSTRAINT "school_receipts_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "school_receipts_student_idx" ON "school_receipts" USING btree ("student_id","issued_at");--> statement-breakpoint
CREATE INDEX "school_receipts_school_idx" ON "school_receipts" USING btree ("school_id","response");