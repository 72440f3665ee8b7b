CREATE TABLE "window_extension_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"window_id" uuid NOT NULL,
	"student_id" uuid,
	"closes_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "windows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"term_id" uuid,
	"academic_year" smallint NOT NULL,
	"grade" smallint,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"closing_ceremony" date,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "windows_scope" UNIQUE NULLS NOT DISTINCT("school_id","kind","term_id","academic_year","grade"),
	CONSTRAINT "windows_range" CHECK ("windows"."closes_at" > "windows"."opens_at"),
	CONSTRAINT "windows_term_scope" CHECK (("windows"."kind" in ('upload', 'certification')) = ("windows"."term_id" is not null)),
	CONSTRAINT "windows_grade" CHECK ("windows"."grade" is null or "windows"."grade" between 1 and 12)
);
--> statement-breakpoint
ALTER TABLE "window_extension_grants" ADD CONSTRAINT "window_extension_grants_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "window_extension_grants" ADD CONSTRAINT "window_extension_grants_window_id_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."windows"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "window_extension_grants" ADD CONSTRAINT "window_extension_grants_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "window_extension_grants" ADD CONSTRAINT "window_extension_grants_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "windows" ADD CONSTRAINT "windows_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "windows" ADD CONSTRAINT "windows_term_id_terms_id_fk" FOREIGN KEY ("term_id") REFERENCES "public"."terms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "windows" ADD CONSTRAINT "windows_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "window_extension_grants_window_idx" ON "window_extension_grants" USING btree ("window_id","student_id");--> statement-breakpoint
CREATE INDEX "windows_school_year_idx" ON "windows" USING btree ("school_id","academic_year");