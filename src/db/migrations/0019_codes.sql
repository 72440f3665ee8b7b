CREATE TABLE "absence_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"academic_year" smallint NOT NULL,
	"semester" smallint NOT NULL,
	"kind_code" varchar(4) NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"periods" smallint NOT NULL,
	CONSTRAINT "absence_records_natural" UNIQUE("student_id","academic_year","semester","kind_code","starts_on"),
	CONSTRAINT "absence_records_range" CHECK ("absence_records"."ends_on" >= "absence_records"."starts_on"),
	CONSTRAINT "absence_records_periods" CHECK ("absence_records"."periods" >= 0)
);
--> statement-breakpoint
CREATE TABLE "retake_grades" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"academic_year" smallint NOT NULL,
	"semester" smallint NOT NULL,
	"mode" text NOT NULL,
	"course_year" smallint NOT NULL,
	"course_semester" smallint NOT NULL,
	"course_code" varchar(23) NOT NULL,
	"course_grade" smallint NOT NULL,
	"credits" smallint NOT NULL,
	"method" smallint,
	"score" numeric(5, 2),
	"passed" boolean,
	"makeup_score" numeric(5, 2),
	"makeup_passed" boolean,
	"credit_counted" boolean,
	"qualitative" text,
	CONSTRAINT "retake_grades_natural" UNIQUE("student_id","academic_year","semester","mode","course_year","course_semester","course_code")
);
--> statement-breakpoint
CREATE TABLE "school_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"domain" text NOT NULL,
	"code" varchar(20) NOT NULL,
	"label" text NOT NULL,
	"label_en" text,
	"group_code" varchar(4),
	"disabled_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "school_codes_natural" UNIQUE("school_id","domain","code")
);
--> statement-breakpoint
ALTER TABLE "cadre_records" DROP CONSTRAINT "cadre_records_level";--> statement-breakpoint
ALTER TABLE "absence_records" ADD CONSTRAINT "absence_records_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "absence_records" ADD CONSTRAINT "absence_records_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retake_grades" ADD CONSTRAINT "retake_grades_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retake_grades" ADD CONSTRAINT "retake_grades_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_codes" ADD CONSTRAINT "school_codes_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_codes" ADD CONSTRAINT "school_codes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "absence_records_school_term_idx" ON "absence_records" USING btree ("school_id","academic_year","semester");--> statement-breakpoint
CREATE INDEX "retake_grades_school_term_idx" ON "retake_grades" USING btree ("school_id","academic_year","semester");--> statement-breakpoint
ALTER TABLE "cadre_records" ADD CONSTRAINT "cadre_records_level" CHECK ("cadre_records"."level" between 1 and 99);