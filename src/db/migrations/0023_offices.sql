-- Assignments entered twice before the rule existed: keep the first of each.
DELETE FROM "substitutes" s USING "substitutes" d
WHERE s."school_id" = d."school_id" AND s."substitute_staff_id" = d."substitute_staff_id"
  AND s."course_id" IS NOT DISTINCT FROM d."course_id" AND s."absent_staff_id" IS NOT DISTINCT FROM d."absent_staff_id"
  AND s."starts_on" = d."starts_on" AND s."ends_on" = d."ends_on"
  AND (s."created_at", s."id"::text) > (d."created_at", d."id"::text);--> statement-breakpoint
ALTER TABLE "substitutes" ADD CONSTRAINT "substitutes_same_assignment" UNIQUE NULLS NOT DISTINCT("school_id","substitute_staff_id","course_id","absent_staff_id","starts_on","ends_on");
