CREATE TABLE "central_blobs" (
	"sha256" varchar(64) PRIMARY KEY NOT NULL,
	"size" bigint NOT NULL,
	"mime" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "central_disputes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"receipt_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolution" text,
	"resolution_note" text,
	"resolved_by_submission_id" uuid
);
--> statement-breakpoint
CREATE TABLE "central_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"action" text NOT NULL,
	"actor" text NOT NULL,
	"school_id" uuid,
	"student_id" uuid,
	"submission_id" uuid,
	"receipt_id" uuid,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "central_files" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"row_id" bigint NOT NULL,
	"path" text NOT NULL,
	"sha256" varchar(64) NOT NULL,
	"size" bigint NOT NULL,
	"mime" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "central_receipts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"submission_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"academic_year" smallint NOT NULL,
	"semester" smallint NOT NULL,
	"roster" smallint NOT NULL,
	"content" jsonb NOT NULL,
	"sha256" varchar(64) NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'issued' NOT NULL,
	"responded_at" timestamp with time zone,
	"dispute_reason" text,
	"superseded_by" uuid,
	"credential" text,
	CONSTRAINT "central_receipts_submission_student" UNIQUE("submission_id","student_id")
);
--> statement-breakpoint
CREATE TABLE "central_rows" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"submission_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"student_id" uuid,
	"academic_year" smallint NOT NULL,
	"semester" smallint NOT NULL,
	"roster" smallint NOT NULL,
	"sheet" text NOT NULL,
	"row_number" integer NOT NULL,
	"natural_key" text,
	"version" integer DEFAULT 1 NOT NULL,
	"data" jsonb NOT NULL,
	"status" text NOT NULL,
	"reason_code" text,
	"reason_detail" text,
	"superseded_at" timestamp with time zone,
	"superseded_by" bigint,
	"credential" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "central_schools" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" varchar(6) NOT NULL,
	"name" text NOT NULL,
	"public_key" text NOT NULL,
	"key_fingerprint" varchar(64) NOT NULL,
	"registered_at" timestamp with time zone NOT NULL,
	"registered_by" uuid,
	"disabled_at" timestamp with time zone,
	CONSTRAINT "central_schools_code_unique" UNIQUE("code"),
	CONSTRAINT "central_schools_code_format" CHECK ("central_schools"."code" ~ '^[0-9A-Za-z]{6}$')
);
--> statement-breakpoint
CREATE TABLE "central_students" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"national_id" varchar(10) NOT NULL,
	"birth_date" date NOT NULL,
	"name" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "central_students_identity" UNIQUE("national_id","birth_date")
);
--> statement-breakpoint
CREATE TABLE "central_submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid,
	"claimed_school_code" varchar(6),
	"package_sha256" varchar(64) NOT NULL,
	"package_size" bigint NOT NULL,
	"package_blob" varchar(64),
	"academic_year" smallint,
	"semester" smallint,
	"roster" smallint,
	"format_version" text,
	"manifest" jsonb,
	"via" text NOT NULL,
	"received_by" uuid,
	"received_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"refusal_code" text,
	"refusal_item" text,
	"refusal_detail" text,
	"rows_accepted" integer DEFAULT 0 NOT NULL,
	"rows_rejected" integer DEFAULT 0 NOT NULL,
	"rows_replaced" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "admission_programmes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"admission_year" smallint NOT NULL,
	"channel" text NOT NULL,
	"code" varchar(12) NOT NULL,
	"university_name" text NOT NULL,
	"programme_name" text NOT NULL,
	"rules" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "admission_programmes_code" UNIQUE("admission_year","channel","code")
);
--> statement-breakpoint
CREATE TABLE "packet_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"packet_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"code" varchar(4) NOT NULL,
	"source" text NOT NULL,
	"central_row_id" bigint,
	"file_sha256" varchar(64),
	"image_sha256s" varchar(64)[],
	"title" text NOT NULL,
	"body" text,
	"item_kind" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "packet_items_source_fields" CHECK (("packet_items"."source" = 'repository' and "packet_items"."central_row_id" is not null) or ("packet_items"."source" = 'selfMade' and "packet_items"."file_sha256" is not null) or "packet_items"."source" = 'text')
);
--> statement-breakpoint
CREATE TABLE "packets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"student_id" uuid NOT NULL,
	"owner_user_id" uuid NOT NULL,
	"programme_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"progress_done" integer DEFAULT 0 NOT NULL,
	"progress_total" integer DEFAULT 0 NOT NULL,
	"error" text,
	"pdf_sha256" varchar(64),
	"pdf_size" bigint,
	"built_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "packets_student_programme" UNIQUE("student_id","programme_id")
);
--> statement-breakpoint
ALTER TABLE "central_disputes" ADD CONSTRAINT "central_disputes_receipt_id_central_receipts_id_fk" FOREIGN KEY ("receipt_id") REFERENCES "public"."central_receipts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "central_disputes" ADD CONSTRAINT "central_disputes_school_id_central_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."central_schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "central_disputes" ADD CONSTRAINT "central_disputes_student_id_central_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."central_students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "central_disputes" ADD CONSTRAINT "central_disputes_resolved_by_submission_id_central_submissions_id_fk" FOREIGN KEY ("resolved_by_submission_id") REFERENCES "public"."central_submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "central_files" ADD CONSTRAINT "central_files_row_id_central_rows_id_fk" FOREIGN KEY ("row_id") REFERENCES "public"."central_rows"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "central_files" ADD CONSTRAINT "central_files_sha256_central_blobs_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "public"."central_blobs"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "central_receipts" ADD CONSTRAINT "central_receipts_submission_id_central_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."central_submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "central_receipts" ADD CONSTRAINT "central_receipts_school_id_central_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."central_schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "central_receipts" ADD CONSTRAINT "central_receipts_student_id_central_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."central_students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "central_rows" ADD CONSTRAINT "central_rows_submission_id_central_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."central_submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "central_rows" ADD CONSTRAINT "central_rows_school_id_central_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."central_schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "central_rows" ADD CONSTRAINT "central_rows_student_id_central_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."central_students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "central_submissions" ADD CONSTRAINT "central_submissions_school_id_central_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."central_schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "packet_items" ADD CONSTRAINT "packet_items_packet_id_packets_id_fk" FOREIGN KEY ("packet_id") REFERENCES "public"."packets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "packet_items" ADD CONSTRAINT "packet_items_central_row_id_central_rows_id_fk" FOREIGN KEY ("central_row_id") REFERENCES "public"."central_rows"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "packets" ADD CONSTRAINT "packets_student_id_central_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."central_students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "packets" ADD CONSTRAINT "packets_programme_id_admission_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."admission_programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "central_disputes_school_idx" ON "central_disputes" USING btree ("school_id","status","due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "central_disputes_one_open" ON "central_disputes" USING btree ("receipt_id") WHERE "central_disputes"."status" = 'open';--> statement-breakpoint
CREATE INDEX "central_events_at_idx" ON "central_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "central_events_student_idx" ON "central_events" USING btree ("student_id");--> statement-breakpoint
CREATE INDEX "central_files_row_idx" ON "central_files" USING btree ("row_id");--> statement-breakpoint
CREATE INDEX "central_receipts_student_idx" ON "central_receipts" USING btree ("student_id","issued_at");--> statement-breakpoint
CREATE INDEX "central_receipts_school_idx" ON "central_receipts" USING btree ("school_id","issued_at");--> statement-breakpoint
CREATE INDEX "central_rows_submission_idx" ON "central_rows" USING btree ("submission_id");--> statement-breakpoint
CREATE INDEX "central_rows_student_idx" ON "central_rows" USING btree ("student_id","roster","academic_year");--> statement-breakpoint
CREATE UNIQUE INDEX "central_rows_current_key" ON "central_rows" USING btree ("school_id","roster","natural_key") WHERE "central_rows"."status" = 'accepted' and "central_rows"."superseded_at" is null;--> statement-breakpoint
CREATE INDEX "central_submissions_school_idx" ON "central_submissions" USING btree ("school_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "central_submissions_idempotent" ON "central_submissions" USING btree ("school_id","package_sha256") WHERE "central_submissions"."status" = 'accepted';--> statement-breakpoint
CREATE INDEX "packet_items_packet_idx" ON "packet_items" USING btree ("packet_id","position");--> statement-breakpoint
CREATE INDEX "packets_programme_idx" ON "packets" USING btree ("programme_id","status");