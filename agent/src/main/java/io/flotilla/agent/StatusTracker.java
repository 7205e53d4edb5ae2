package io.flotilla.agent;

import io.flotilla.api.agent.ConfigurationStatus;
import io.flotilla.api.agent.ObservedObjects;
import io.flotilla.api.fluxconfig.FluxConfig;
import io.flotilla.api.fluxconfig.FluxConfigStatus;
import java.util.List;
import java.util.Map;

/**
 * Remembers what the service last acknowledged per configuration, so the agent reports only
 * changes, and keeps unsent changes queued while the service is unreachable.
 */
final class StatusTracker extends ReportQueue<ConfigurationStatus> {
  StatusTracker() {
    super(ConfigurationStatus::name);
  }

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
    offer(
        new ConfigurationStatus(
            name, 0, true, null, null, null, null, null, null, null, null, null));
  }

  /** Forget acknowledgements so that everything is re-sent (after the service lost track). */
  synchronized void resendAll(List<FluxConfig> current, Map<String, ObservedObjects> observed) {
    forget();
    current.forEach(c -> observe(c, observed.get(Observer.key(c))));
  }
}
