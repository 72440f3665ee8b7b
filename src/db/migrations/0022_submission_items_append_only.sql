-- What was submitted stays as it was submitted: the snapshots are append-only for the application.
CREATE TRIGGER submission_items_append_only
  BEFORE UPDATE OR DELETE ON submission_items
  FOR EACH ROW EXECUTE FUNCTION licheng_refuse_change();
--> statement-breakpoint
CREATE TRIGGER submission_items_no_truncate
  BEFORE TRUNCATE ON submission_items
  FOR EACH STATEMENT EXECUTE FUNCTION licheng_refuse_change();
