package io.flotilla.api.arm;

import java.util.Locale;

/**
 * Identifies a cluster the way ARM does: {@code
 * /subscriptions/{sub}/resourceGroups/{rg}/providers/{clusterRp}/{clusterResourceName}/{name}}.
 */
public record ClusterRef(
    String subscriptionId,
    String resourceGroup,
    String clusterRp,
    String clusterResourceName,
    String clusterName) {

  public static final String PROVIDER = "Microsoft.KubernetesConfiguration";

  /** The cluster's ARM resource id. */
  public String resourceId() {
    return "/subscriptions/"
        + subscriptionId
        + "/resourceGroups/"
        + resourceGroup
        + "/providers/"
        + clusterRp
        + "/"
        + clusterResourceName
        + "/"
        + clusterName;
  }

  /** The path prefix of extension resources on this cluster. */
  public String extensionPrefix() {
    return resourceId() + "/providers/" + PROVIDER;
  }

  public String fluxConfigurationsPath() {
    return extensionPrefix() + "/fluxConfigurations";
  }

  public String fluxConfigurationId(String name) {
    return fluxConfigurationsPath() + "/" + name;
  }

  /** {@code Microsoft.Kubernetes/connectedClusters/name}, as az prints it in messages. */
  public String shortId() {
    return clusterRp + "/" + clusterResourceName + "/" + clusterName;
  }

  /** Case-insensitive identity, as ARM compares resource ids. */
  public String key() {
    return resourceId().toLowerCase(Locale.ROOT);
  }
}
