-- The agent directory: what the agent API needs per request, written by a subscribing event handler in
-- the same transaction as the events it follows (so credentials and recorded statuses never disagree
-- with the event store), read by primary key on every agent request. See docs/DECISIONS.md.
CREATE TABLE agent_target (
    target_id          VARCHAR(255) NOT NULL,
    target_type        VARCHAR(32)  NOT NULL,
    secret_hash        VARCHAR(255) NOT NULL,
    secret_generation  BIGINT       NOT NULL,
    metrics_enabled    BOOLEAN      NOT NULL,
    status             VARCHAR(32)  NOT NULL,
    agent_version      VARCHAR(255),
    contact_generation BIGINT       NOT NULL,
    PRIMARY KEY (target_id)
);

CREATE TABLE agent_deployment (
    deployment_id          VARCHAR(255) NOT NULL,
    target_id              VARCHAR(255) NOT NULL,
    revision_id            VARCHAR(255),
    log_collection_enabled BOOLEAN      NOT NULL,
    reported_revision_id   VARCHAR(255),
    status                 VARCHAR(32)  NOT NULL,
    message                VARCHAR(8192),
    PRIMARY KEY (deployment_id)
);
CREATE INDEX ix_agent_deployment_target ON agent_deployment (target_id);

CREATE TABLE agent_revision (
    deployment_id VARCHAR(255) NOT NULL,
    revision_id   VARCHAR(255) NOT NULL,
    PRIMARY KEY (deployment_id, revision_id)
);
