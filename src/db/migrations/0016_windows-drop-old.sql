-- Move today's windows and extensions into the one windows capability (windows, window_extension_grants)
-- before the old tables go. An extension whose window was never set had no effect and has no window to
-- attach to: it is left out.
INSERT INTO "windows" ("id", "school_id", "kind", "term_id", "academic_year", "grade", "opens_at", "closes_at", "closing_ceremony", "updated_by", "updated_at")
SELECT w."id", w."school_id", w."kind", w."term_id", t."academic_year", NULL, w."opens_at", w."closes_at", w."closing_ceremony", w."updated_by", w."updated_at"
FROM "term_windows" w JOIN "terms" t ON t."id" = w."term_id";--> statement-breakpoint
INSERT INTO "windows" ("id", "school_id", "kind", "term_id", "academic_year", "grade", "opens_at", "closes_at", "closing_ceremony", "updated_by", "updated_at")
SELECT p."id", p."school_id", 'performance', NULL, p."academic_year", NULL, p."opens_at", p."closes_at", NULL, p."updated_by", p."updated_at"
FROM "performance_windows" p;--> statement-breakpoint
INSERT INTO "window_extension_grants" ("id", "school_id", "window_id", "student_id", "closes_at", "reason", "created_by", "created_at")
SELECT e."id", e."school_id", w."id", e."student_id", e."closes_at", e."reason", e."created_by", e."created_at"
FROM "window_extensions" e JOIN "windows" w ON w."term_id" = e."term_id" AND w."kind" = e."kind" AND w."school_id" = e."school_id" AND w."grade" IS NULL;--> statement-breakpoint
INSERT INTO "window_extension_grants" ("id", "school_id", "window_id", "student_id", "closes_at", "reason", "created_by", "created_at")
SELECT e."id", e."school_id", w."id", e."student_id", e."closes_at", e."reason", e."created_by", e."created_at"
FROM "performance_window_extensions" e JOIN "windows" w ON w."kind" = 'performance' AND w."school_id" = e."school_id" AND w."academic_year" = e."academic_year" AND w."grade" IS NULL;--> statement-breakpoint
DROP TABLE "term_windows" CASCADE;--> statement-breakpoint
DROP TABLE "window_extensions" CASCADE;--> statement-breakpoint
DROP TABLE "performance_window_extensions" CASCADE;--> statement-breakpoint
DROP TABLE "performance_windows" CASCADE;