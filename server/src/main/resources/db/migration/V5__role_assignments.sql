-- Role assignments as Azure has them: a role definition (a built-in role's GUID) given to a
-- principal (the object id of a user, group or application, as the OIDC token carries it) at a
-- scope: a subscription, a resource group or a resource. scope_key is the scope lowercased, since
-- ARM paths match case-insensitively.
CREATE TABLE role_assignments (
    name            VARCHAR(36)   NOT NULL PRIMARY KEY,
    scope           VARCHAR(1024) NOT NULL,
    scope_key       VARCHAR(1024) NOT NULL,
    role_definition VARCHAR(36)   NOT NULL,
    principal_id    VARCHAR(256)  NOT NULL,
    principal_type  VARCHAR(32)   NOT NULL,
    description     VARCHAR(2048),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by      VARCHAR(256)  NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by      VARCHAR(256)  NOT NULL
);
CREATE UNIQUE INDEX role_assignments_grant ON role_assignments (scope_key, role_definition, principal_id);
CREATE INDEX role_assignments_principal ON role_assignments (principal_id);

-- The audit log names the principal, not only the actor's display name: the object id and kind
-- (Admin, User, Agent) of whoever made the change.
-- Request rows carry the Azure action (Microsoft.KubernetesConfiguration/fluxConfigurations/write).
ALTER TABLE audit_log ALTER COLUMN action SET DATA TYPE VARCHAR(256);
ALTER TABLE audit_log ADD COLUMN principal_id VARCHAR(256);
ALTER TABLE audit_log ADD COLUMN principal_type VARCHAR(16);
