package io.flotilla.server.auth;

import java.time.Instant;

/**
 * One role assignment, as stored.
 *
 * @param name its GUID, the last segment of its id
 * @param scope the subscription, resource group or resource path it applies to (and below)
 * @param roleDefinition the role definition's GUID
 */
record RoleAssignment(
    String name,
    String scope,
    String roleDefinition,
    String principalId,
    String principalType,
    String description,
    Instant createdAt,
    String createdBy,
    Instant updatedAt,
    String updatedBy) {
  static final String TYPE = "Microsoft.Authorization/roleAssignments";

  String id() {
    return scope + "/providers/" + TYPE + "/" + name;
  }
}
