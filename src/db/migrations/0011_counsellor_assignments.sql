CREATE TABLE "counsellor_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_id" uuid NOT NULL,
	"counselor_user_id" uuid NOT NULL,
	"class_id" uuid,
	"student_id" uuid,
	"assigned_by" uuid NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "counsellor_assignments_one_target" CHECK (("counsellor_assignments"."class_id" is null) <> ("counsellor_assignments"."student_id" is null))
);
--> statement-breakpoint
ALTER TABLE "counsellor_assignments" ADD CONSTRAINT "counsellor_assignments_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "counsellor_assignments" ADD CONSTRAINT "counsellor_assignments_counselor_user_id_users_id_fk" FOREIGN KEY ("counselor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "counsellor_assignments" ADD CONSTRAINT "counsellor_assignments_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "counsellor_assignments" ADD CONSTRAINT "counsellor_assignments_student_id_students_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."students"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "counsellor_assignments" ADD CONSTRAINT "counsellor_assignments_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "counsellor_assignments_class_uq" ON "counsellor_assignments" USING btree ("counselor_user_id","class_id");--> statement-breakpoint
CREATE UNIQUE INDEX "counsellor_assignments_student_uq" ON "counsellor_assignments" USING btree ("counselor_user_id","student_id");--> statement-breakpoint
CREATE INDEX "counsellor_assignments_school_idx" ON "counsellor_assignments" USING btree ("school_id");--> statement-breakpoint
CREATE INDEX "counsellor_assignments_class_idx" ON "counsellor_assignments" USING btree ("class_id");--> statement-breakpoint
CREATE INDEX "counsellor_assignments_student_idx" ON "counsellor_assignments" USING btree ("student_id");