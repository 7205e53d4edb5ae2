package io.flotilla.agent;

import io.flotilla.api.agent.ConfigurationStatus;
import io.flotilla.api.agent.ObservedObjects;
import io.flotilla.api.fluxconfig.FluxConfig;
import io.flotilla.api.fluxconfig.FluxConfigStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Remembers what the service last acknowledged per configuration, so the agent reports only
 * changes, and keeps unsent changes queued while the service is unreachable.
 */
final class StatusTracker {
  private final Map<String, ConfigurationStatus> acknowledged = new LinkedHashMap<>();
  private final Map<String, ConfigurationStatus> pending = new LinkedHashMap<>();

  /** The configuration's status, with what the {@link Observer} saw of its objects (or null). */
  synchronized void observe(FluxConfig config, ObservedObjects observed) {
    FluxConfigStatus s = config.getStatus();
    if (s == null || s.appliedVersion() == null) {
      return;
    }
    ConfigurationStatus status =
        new ConfigurationStatus(
            config.getMetadata().getName(),
            s.appliedVersion(),
            false,
            s.provisioningState(),
            s.complianceState(),
            s.statuses(),
            s.sourceSyncedCommitId(),
            s.sourceUpdatedAt(),
            s.statusUpdatedAt(),
            s.repositoryPublicKey(),
            s.errorMessage(),
            observed);
    offer(status);
  }

  synchronized void deleted(String name) {
    offer(new ConfigurationStatus(name, 0, true, null, null, null, null, null, null, null, null));
  }

  private void offer(ConfigurationStatus status) {
    if (!Objects.equals(acknowledged.get(status.name()), status)) {
      pending.put(status.name(), status);
    }
  }

  synchronized List<ConfigurationStatus> drain() {
    return new ArrayList<>(pending.values());
  }

  synchronized void acknowledge(List<ConfigurationStatus> sent) {
    for (ConfigurationStatus s : sent) {
      acknowledged.put(s.name(), s);
      pending.remove(s.name(), s);
    }
  }

  /** Forget acknowledgements so that everything is re-sent (after the service lost track). */
  synchronized void resendAll(List<FluxConfig> current, Map<String, ObservedObjects> observed) {
    acknowledged.clear();
    current.forEach(c -> observe(c, observed.get(Observer.key(c))));
  }
}
