-- Configuration rollouts apply their patch to a configuration as its wave finds it
-- (docs/assignments.md): per cluster, what the wave found changed since the rollout was created
-- (and what the patch overrode), for the status; base and target are then rewritten by the wave.
ALTER TABLE flux_configuration_rollout_clusters ADD COLUMN rebased TEXT;
