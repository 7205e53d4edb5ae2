-- The fleet dashboard filters 10,000 clusters by the compliance of their configurations and pages
-- them by name. The compliance lives inside the status JSON, which SQL cannot read portably, so it
-- is kept beside it (written with every status; rows from before are filled in at start).
ALTER TABLE flux_configurations ADD COLUMN compliance_state VARCHAR(32);
CREATE INDEX flux_configurations_compliance ON flux_configurations (compliance_state, cluster_id);
CREATE INDEX clusters_name ON clusters (cluster_name, resource_group, subscription_id, id);
