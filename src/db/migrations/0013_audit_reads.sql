ALTER TABLE "audit_log" ADD COLUMN "student_ids" uuid[];--> statement-breakpoint
CREATE INDEX "audit_log_student_ids_idx" ON "audit_log" USING gin ("student_ids");