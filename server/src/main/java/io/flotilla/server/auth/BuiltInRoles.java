package io.flotilla.server.auth;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Azure's built-in roles that mean something to this service, with Azure's GUIDs and permissions
 * (control-plane actions only; data actions have nothing to act on here). We found no built-in role
 * that grants the flux configuration actions alone: Owner and Contributor grant them through their
 * wildcard, Reader reads them through its read-everything pattern.
 */
final class BuiltInRoles {
  static final RoleDefinition OWNER =
      new RoleDefinition(
          "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
          "Owner",
          "Grants full access to manage all resources, including the ability to assign roles in"
              + " Azure RBAC.",
          List.of("*"),
          List.of());

  static final RoleDefinition CONTRIBUTOR =
      new RoleDefinition(
          "b24988ac-6180-42a0-ab88-20f7382dd24c",
          "Contributor",
          "Grants full access to manage all resources, but does not allow you to assign roles in"
              + " Azure RBAC.",
          List.of("*"),
          List.of(
              "Microsoft.Authorization/*/Delete",
              "Microsoft.Authorization/*/Write",
              "Microsoft.Authorization/elevateAccess/Action"));

  static final RoleDefinition READER =
      new RoleDefinition(
          "acdd72a7-3385-48ef-bd42-f606fba81ae7",
          "Reader",
          "View all resources, but does not allow you to make any changes.",
          List.of("*/read"),
          List.of());

  static final RoleDefinition KUBERNETES_EXTENSION_CONTRIBUTOR =
      new RoleDefinition(
          "85cb6faf-e071-4c9b-8136-154b5a04f717",
          "Kubernetes Extension Contributor",
          "Can create, update, get, list and delete Kubernetes Extensions, and get extension async"
              + " operations",
          List.of(
              "Microsoft.Authorization/*/read",
              "Microsoft.Insights/alertRules/*",
              "Microsoft.Resources/deployments/*",
              "Microsoft.Resources/subscriptions/resourceGroups/read",
              "Microsoft.KubernetesConfiguration/extensions/write",
              "Microsoft.KubernetesConfiguration/extensions/read",
              "Microsoft.KubernetesConfiguration/extensions/delete",
              "Microsoft.KubernetesConfiguration/extensions/operations/read",
              "Microsoft.KubernetesConfiguration/register/action"),
          List.of());

  static final RoleDefinition ARC_ONBOARDING =
      new RoleDefinition(
          "34e09817-6cbe-4d01-b1a2-e0eac5743d41",
          "Kubernetes Cluster - Azure Arc Onboarding",
          "Role definition to authorize any user/service to create connectedClusters resource",
          List.of(
              "Microsoft.Authorization/*/read",
              "Microsoft.Insights/AlertRules/Write",
              "Microsoft.Resources/deployments/write",
              "Microsoft.Resources/subscriptions/operationresults/read",
              "Microsoft.Resources/subscriptions/read",
              "Microsoft.Resources/subscriptions/resourceGroups/read",
              "Microsoft.Kubernetes/connectedClusters/Write",
              "Microsoft.Kubernetes/connectedClusters/read",
              "Microsoft.Support/*"),
          List.of());

  static final List<RoleDefinition> ALL =
      List.of(OWNER, CONTRIBUTOR, READER, KUBERNETES_EXTENSION_CONTRIBUTOR, ARC_ONBOARDING);

  private BuiltInRoles() {}

  static Optional<RoleDefinition> byName(String guid) {
    String g = guid.toLowerCase(Locale.ROOT);
    return ALL.stream().filter(r -> r.name().equals(g)).findFirst();
  }

  static Optional<RoleDefinition> byRoleName(String roleName) {
    return ALL.stream().filter(r -> r.roleName().equalsIgnoreCase(roleName)).findFirst();
  }
}
