CREATE TABLE "selections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"academic_year" smallint NOT NULL,
	"kind" text NOT NULL,
	"outcome_id" uuid,
	"performance_id" uuid,
	"selected_by" uuid,
	"selected_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "selections_outcome" UNIQUE("student_id","outcome_id"),
	CONSTRAINT "selections_performance" UNIQUE("student_id","performance_id"),
	CONSTRAINT "selections_one_item" CHECK (("selections"."kind" = 'outcome' and "selections"."outcome_id" is not null and "selections"."performance_id" is null)
        or ("selections"."kind" = 'performance' and "selections"."performance_id" is not null and "selections"."outcome_id" is null))
);
--> statement-breakpoint
ALTER TABLE "selections" ADD CONSTRAINT "selections_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selections" ADD CONSTRAINT "selections_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selections" ADD CONSTRAINT "selections_outcome_id_outcomes_id_fk" FOREIGN KEY ("outcome_id") REFERENCES "public"."outcomes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selections" ADD CONSTRAINT "selections_performance_id_performances_id_fk" FOREIGN KEY ("performance_id") REFERENCES "public"."performances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selections" ADD CONSTRAINT "selections_selected_by_users_id_fk" FOREIGN KEY ("selected_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "selections_school_year_idx" ON "selections" USING btree ("school_id","academic_year");--> statement-breakpoint
CREATE INDEX "selections_student_year_idx" ON "selections" USING btree ("student_id","academic_year");