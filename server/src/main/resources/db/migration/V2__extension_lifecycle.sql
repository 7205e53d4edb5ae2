-- Extensions get the same lifecycle as flux configurations: a version the agent confirms and a
-- provisioning state (Creating/Updating/Deleting until then). Rows from V1 were installed at once.
ALTER TABLE extensions ADD COLUMN version BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE extensions ADD COLUMN provisioning_state VARCHAR(16) DEFAULT 'Succeeded' NOT NULL;
-- JSON: what the agent last reported (statuses, currentVersion, error)
ALTER TABLE extensions ADD COLUMN status TEXT;
