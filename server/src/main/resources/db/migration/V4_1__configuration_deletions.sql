-- Deletes the service recorded (confirmed by the agent or forced), kept for a while so that an
-- agent can tell a configuration deleted on purpose from one merely missing from its desired state
-- (a lost or restored store, another cluster identity): only the first is removed from a cluster.
CREATE TABLE flux_configuration_deletions (
    cluster_id VARCHAR(64) NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    name       VARCHAR(63) NOT NULL,
    deleted_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (cluster_id, name)
);
CREATE INDEX flux_configuration_deletions_at ON flux_configuration_deletions (deleted_at);
