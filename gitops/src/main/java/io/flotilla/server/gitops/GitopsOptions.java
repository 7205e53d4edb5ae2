package io.flotilla.server.gitops;

import io.fabric8.kubernetes.client.Config;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the service finds GitopsClusters and how it maps them onto ARM scopes.
 *
 * @param managementCluster the cluster holding the GitopsClusters and their kubeconfig Secrets
 * @param subscriptionId the subscription the GitopsClusters appear under; a GitopsCluster's
 *     namespace is its resource group, so role assignments at the subscription, at the namespace's
 *     resource group or at the GitopsCluster's own id decide who sees it
 * @param probeEvery how often each joined cluster is checked (WGE checks every 30 s); a result
 *     older than three of these is shown as Unknown, never as Ready
 */
public record GitopsOptions(Config managementCluster, String subscriptionId, Duration probeEvery) {
  public static final Duration DEFAULT_PROBE_EVERY = Duration.ofSeconds(30);

  public GitopsOptions {
    Objects.requireNonNull(managementCluster, "managementCluster");
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    Objects.requireNonNull(probeEvery, "probeEvery");
    if (subscriptionId.isBlank()) {
      throw new IllegalArgumentException("GitopsClusters need a subscription id to appear under");
    }
    if (probeEvery.isNegative() || probeEvery.isZero()) {
      throw new IllegalArgumentException("the probe interval must be positive, got " + probeEvery);
    }
  }

  public static GitopsOptions of(Config managementCluster, String subscriptionId) {
    return new GitopsOptions(managementCluster, subscriptionId, DEFAULT_PROBE_EVERY);
  }

  public GitopsOptions withProbeEvery(Duration probeEvery) {
    return new GitopsOptions(managementCluster, subscriptionId, probeEvery);
  }
}
