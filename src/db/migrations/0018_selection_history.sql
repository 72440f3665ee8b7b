-- The performance history is append-only for the application, like outcome_events.
CREATE TRIGGER performance_events_append_only
  BEFORE UPDATE OR DELETE ON performance_events
  FOR EACH ROW EXECUTE FUNCTION licheng_refuse_change();
--> statement-breakpoint
CREATE TRIGGER performance_events_no_truncate
  BEFORE TRUNCATE ON performance_events
  FOR EACH STATEMENT EXECUTE FUNCTION licheng_refuse_change();
