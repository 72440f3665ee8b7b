CREATE TABLE "performance_window_extensions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"academic_year" smallint NOT NULL,
	"student_id" uuid,
	"closes_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "performance_windows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"academic_year" smallint NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "performance_windows_year" UNIQUE("school_id","academic_year"),
	CONSTRAINT "performance_windows_range" CHECK ("performance_windows"."closes_at" > "performance_windows"."opens_at")
);
--> statement-breakpoint
CREATE TABLE "performances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"academic_year" smallint NOT NULL,
	"category" text NOT NULL,
	"fields" jsonb NOT NULL,
	"summary" text NOT NULL,
	"starts_on" date,
	"ends_on" date,
	"proof_file_id" uuid,
	"media_file_id" uuid,
	"external_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "performances_summary_length" CHECK (char_length("performances"."summary") <= 100),
	CONSTRAINT "performances_range" CHECK ("performances"."ends_on" is null or "performances"."starts_on" is null or "performances"."ends_on" >= "performances"."starts_on"),
	CONSTRAINT "performances_link" CHECK ("performances"."external_url" is null or "performances"."external_url" ~ '^https?://')
);
--> statement-breakpoint
ALTER TABLE "performance_window_extensions" ADD CONSTRAINT "performance_window_extensions_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "performance_window_extensions" ADD CONSTRAINT "performance_window_extensions_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "performance_window_extensions" ADD CONSTRAINT "performance_window_extensions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "performance_windows" ADD CONSTRAINT "performance_windows_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "performance_windows" ADD CONSTRAINT "performance_windows_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "performances" ADD CONSTRAINT "performances_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "performances" ADD CONSTRAINT "performances_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "performances" ADD CONSTRAINT "performances_proof_file_id_files_id_fk" FOREIGN KEY ("proof_file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "performances" ADD CONSTRAINT "performances_media_file_id_files_id_fk" FOREIGN KEY ("media_file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "performance_window_extensions_year_idx" ON "performance_window_extensions" USING btree ("school_id","academic_year");--> statement-breakpoint
CREATE INDEX "performances_student_idx" ON "performances" USING btree ("student_id","academic_year");--> statement-breakpoint
CREATE INDEX "performances_school_year_idx" ON "performances" USING btree ("school_id","academic_year");