-- A revision's Compose file, fetched by its agent once per new revision (Docker agent issue).
ALTER TABLE agent_revision ADD COLUMN compose_file TEXT;
