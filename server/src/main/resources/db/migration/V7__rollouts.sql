-- Staged rollouts of assignments (issue 19 item 2, docs/assignments.md).
-- Every template revision of an assignment is kept (a rollout renders a cluster's configuration
-- from the revision pinned for it, and a rollback from the last good one). released_revision is
-- the revision a cluster gets unless a rollout pinned another for it: with rolloutMode Immediate
-- every PUT releases its revision at once; with Staged only a rollout that completes does.
CREATE TABLE flux_configuration_assignment_revisions (
    assignment_key VARCHAR(1024) NOT NULL,
    revision       BIGINT        NOT NULL,
    body           TEXT          NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (assignment_key, revision)
);
INSERT INTO flux_configuration_assignment_revisions (assignment_key, revision, body, created_at)
    SELECT resource_key, revision, body, modified_at FROM flux_configuration_assignments;

ALTER TABLE flux_configuration_assignments ADD COLUMN released_revision BIGINT;
UPDATE flux_configuration_assignments SET released_revision = revision;

-- The revision a rollout pinned for one cluster (absent: the released revision).
CREATE TABLE flux_configuration_assignment_pins (
    assignment_key VARCHAR(1024) NOT NULL,
    cluster_id     VARCHAR(64)   NOT NULL,
    revision       BIGINT        NOT NULL,
    PRIMARY KEY (assignment_key, cluster_id)
);

-- A rollout: its waves as given (body) and its progress (status JSON), one row per rollout;
-- state is the rollout's state, kept as a column so that the engine finds the active ones.
CREATE TABLE flux_configuration_rollouts (
    resource_key   VARCHAR(1024) NOT NULL PRIMARY KEY,
    resource_id    VARCHAR(1024) NOT NULL,
    assignment_key VARCHAR(1024) NOT NULL,
    name           VARCHAR(256)  NOT NULL,
    body           TEXT          NOT NULL,
    status         TEXT          NOT NULL,
    state          VARCHAR(32)   NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by     VARCHAR(256)  NOT NULL,
    modified_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    modified_by    VARCHAR(256)  NOT NULL
);
CREATE INDEX flux_configuration_rollouts_assignment ON flux_configuration_rollouts (assignment_key);
CREATE INDEX flux_configuration_rollouts_state ON flux_configuration_rollouts (state);
