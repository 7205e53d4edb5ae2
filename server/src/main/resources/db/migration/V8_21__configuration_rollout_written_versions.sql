-- Safe rollbacks of configuration rollouts (docs/assignments.md): per cluster, the version (ETag) of
-- the configuration the rollout last wrote, and why the rollout left a cluster's configuration as
-- it was (changed by someone else since, deleted, or taken by an assignment), for the status.
ALTER TABLE flux_configuration_rollout_clusters ADD COLUMN written_version BIGINT;
ALTER TABLE flux_configuration_rollout_clusters ADD COLUMN kept VARCHAR(2048);
