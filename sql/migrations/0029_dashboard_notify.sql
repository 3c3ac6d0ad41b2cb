-- 0029_dashboard_notify
-- The Command Center refreshes when new data lands, without polling: the
-- tables every writer ends in notify channel holocron_data with what changed
-- (ingest, combat log, ledger, scrape, jobs, reset). Statement triggers, not
-- row triggers: an ingest writing 60,000 stacks notifies once per statement
-- on the file's row, and PostgreSQL folds equal notifications of one
-- transaction into one, delivered at commit (so a rolled-back ingest says
-- nothing). An UPDATE that touched no row notifies too; the faces debounce.
CREATE FUNCTION ops.notify_data_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('holocron_data', TG_ARGV[0]);
  RETURN NULL;
END $$;

CREATE TRIGGER source_files_notify AFTER INSERT OR UPDATE OR DELETE ON holocron.source_files
  FOR EACH STATEMENT EXECUTE FUNCTION ops.notify_data_changed('ingest');
CREATE TRIGGER combat_log_files_notify AFTER INSERT OR UPDATE OR DELETE ON skillweaver.combat_log_files
  FOR EACH STATEMENT EXECUTE FUNCTION ops.notify_data_changed('combatlog');
CREATE TRIGGER ledger_notify AFTER INSERT OR DELETE ON goblin.ledger
  FOR EACH STATEMENT EXECUTE FUNCTION ops.notify_data_changed('ledger');
CREATE TRIGGER scraper_log_notify AFTER INSERT ON ops.scraper_log
  FOR EACH STATEMENT EXECUTE FUNCTION ops.notify_data_changed('scrape');
CREATE TRIGGER logistics_queue_notify AFTER INSERT OR UPDATE OR DELETE ON holocron.logistics_queue
  FOR EACH STATEMENT EXECUTE FUNCTION ops.notify_data_changed('jobs');
CREATE TRIGGER reset_weeks_notify AFTER INSERT OR UPDATE ON ops.reset_weeks
  FOR EACH STATEMENT EXECUTE FUNCTION ops.notify_data_changed('reset');
