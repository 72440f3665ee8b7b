-- The outcome history is what makes packets trustworthy: append-only for the application.
CREATE TRIGGER outcome_events_append_only
  BEFORE UPDATE OR DELETE ON outcome_events
  FOR EACH ROW EXECUTE FUNCTION licheng_refuse_change();
--> statement-breakpoint
CREATE TRIGGER outcome_events_no_truncate
  BEFORE TRUNCATE ON outcome_events
  FOR EACH STATEMENT EXECUTE FUNCTION licheng_refuse_change();
