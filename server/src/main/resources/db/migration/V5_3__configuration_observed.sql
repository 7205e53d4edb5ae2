-- What the agent saw of a configuration's Flux objects beyond their conditions (the latest Events
-- and each owned object's live spec), as JSON, for the dashboard's configuration view. Kept apart
-- from status: the ARM resource has no such fields.
ALTER TABLE flux_configurations ADD COLUMN observed TEXT;
