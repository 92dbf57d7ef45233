-- What metric alert evaluation needs per sample, read with the rest of the agent directory row: the
-- target's own alert rules (null parts: the organisation default applies), whether a metric alert is open
-- or a threshold is waiting out its duration (alert_watch), and a generation that every "watch" increments
-- so that clearing the flag can be conditional. See docs/DECISIONS.md ("Alert evaluation reads the
-- directory row first").
ALTER TABLE agent_target ADD COLUMN alert_disk DOUBLE PRECISION;
ALTER TABLE agent_target ADD COLUMN alert_cpu DOUBLE PRECISION;
ALTER TABLE agent_target ADD COLUMN alert_memory DOUBLE PRECISION;
ALTER TABLE agent_target ADD COLUMN alert_for_seconds BIGINT;
ALTER TABLE agent_target ADD COLUMN alert_hysteresis DOUBLE PRECISION;
ALTER TABLE agent_target ADD COLUMN alert_watch BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE agent_target ADD COLUMN alert_generation BIGINT DEFAULT 0 NOT NULL;
-- The directory is derived from the events: empty it, and the start-up backfill (AgentDirectoryBackfill)
-- rebuilds every row from the event store, the new columns included.
DELETE FROM agent_revision;
DELETE FROM agent_deployment;
DELETE FROM agent_target;
