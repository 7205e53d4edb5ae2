package io.flotilla.server.assignment;

import java.util.Locale;

/** Where an assignment applies: a subscription, or one resource group of it. */
record AssignmentScope(String subscription, String resourceGroup) {

  String resourceId(String name) {
    return "/subscriptions/"
        + subscription
        + (resourceGroup == null ? "" : "/resourceGroups/" + resourceGroup)
        + "/providers/Microsoft.KubernetesConfiguration/fluxConfigurationAssignments/"
        + name;
  }

  /** Whether some cluster could be in both scopes. */
  boolean overlaps(AssignmentScope other) {
    return subscription.equalsIgnoreCase(other.subscription)
        && (resourceGroup == null
            || other.resourceGroup == null
            || resourceGroup.equalsIgnoreCase(other.resourceGroup));
  }

  boolean contains(String clusterSubscription, String clusterResourceGroup) {
    return subscription.equalsIgnoreCase(clusterSubscription)
        && (resourceGroup == null || resourceGroup.equalsIgnoreCase(clusterResourceGroup));
  }

  String key(String name) {
    return resourceId(name).toLowerCase(Locale.ROOT);
  }
}
