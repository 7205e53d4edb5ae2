-- A change feed for replicas: every change to a cluster's desired state or agent token takes the
-- next number of one sequence, so a replica learns what changed elsewhere with one indexed query
-- ("change_seq > what I saw") instead of reading every cluster.
CREATE SEQUENCE cluster_changes;
ALTER TABLE clusters ADD COLUMN change_seq BIGINT DEFAULT 0 NOT NULL;
-- grows whenever the cluster's agent token is replaced, so other replicas drop cached tokens
ALTER TABLE clusters ADD COLUMN token_version BIGINT DEFAULT 0 NOT NULL;
CREATE INDEX clusters_change_seq ON clusters (change_seq);

-- Deleted clusters leave their id here (pruned after a day) so replicas forget their tokens.
CREATE TABLE cluster_deletions (
    cluster_id VARCHAR(64) NOT NULL,
    change_seq BIGINT      NOT NULL,
    deleted_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX cluster_deletions_seq ON cluster_deletions (change_seq);
