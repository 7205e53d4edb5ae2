-- Assignments (issue 19): one template of a flux configuration applied to every cluster in a scope.
-- A scope is a subscription or a resource group (resource_group NULL for a subscription), narrowed
-- by a tag selector and cluster types kept in the body JSON. resource_key is the ARM id lowercased
-- (ARM ids match case-insensitively). The template's protected settings are sealed like a
-- configuration's, but kept for as long as the assignment lives: clusters that connect later need
-- them too. revision grows with every change of the template; a configuration the assignment wrote
-- remembers the revision it was written from.
CREATE TABLE flux_configuration_assignments (
    resource_key       VARCHAR(1024) NOT NULL PRIMARY KEY,
    resource_id        VARCHAR(1024) NOT NULL,
    subscription_id    VARCHAR(256)  NOT NULL,
    resource_group     VARCHAR(256),
    name               VARCHAR(256)  NOT NULL,
    configuration_name VARCHAR(63)   NOT NULL,
    body               TEXT          NOT NULL,
    protected_settings TEXT,
    revision           BIGINT        NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by         VARCHAR(256)  NOT NULL,
    modified_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    modified_by        VARCHAR(256)  NOT NULL
);
CREATE INDEX flux_configuration_assignments_sub ON flux_configuration_assignments (subscription_id);

-- Who owns a configuration: the ARM id (as stored with the assignment) of the assignment that wrote
-- it (NULL: made by hand), the template revision it was written from and a digest of the properties
-- it rendered for the cluster (a tag change that changes them is written again).
ALTER TABLE flux_configurations ADD COLUMN owner_id VARCHAR(1024);
ALTER TABLE flux_configurations ADD COLUMN owner_revision BIGINT;
ALTER TABLE flux_configurations ADD COLUMN owner_digest VARCHAR(64);
-- the configuration's version when its owner last wrote it: a later version was written by hand
ALTER TABLE flux_configurations ADD COLUMN owner_version BIGINT;
CREATE INDEX flux_configurations_owner ON flux_configurations (owner_id);

-- Tags of a connected cluster (JSON object), for assignments' tag selectors and per-cluster values.
ALTER TABLE clusters ADD COLUMN tags TEXT;
