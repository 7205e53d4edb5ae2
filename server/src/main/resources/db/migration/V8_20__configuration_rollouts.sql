-- Rollouts of a plain configuration change (fluxConfigurationRollouts, docs/assignments.md): per
-- cluster of its waves, the configuration's desired properties before (base, revision 1) and with
-- the patch applied (target, revision 2), and the revision the cluster was given.
CREATE TABLE flux_configuration_rollout_clusters (
    rollout_key        VARCHAR(1024) NOT NULL,
    cluster_id         VARCHAR(64)   NOT NULL,
    configuration_name VARCHAR(256)  NOT NULL,
    base               TEXT          NOT NULL,
    target             TEXT          NOT NULL,
    revision           BIGINT        NOT NULL,
    PRIMARY KEY (rollout_key, cluster_id)
);
