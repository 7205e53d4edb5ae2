package io.flotilla.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.flotilla.api.agent.ExtensionStatus;
import io.flotilla.api.fluxconfig.FluxConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FluxConfigs the agent keeps although the desired state no longer lists them ({@link
 * PrunePlan.Kept}), and where that is said: a WARN line when it starts or changes, the annotation
 * {@link #ANNOTATION} on the FluxConfig (for kubectl), and Warning entries in the flux extension's
 * statuses (for {@code k8s-extension show}).
 */
final class KeptConfigs {
  private static final Logger LOG = LoggerFactory.getLogger(KeptConfigs.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String ANNOTATION = "clusterconfig.azure.com/agent-warning";
  static final String STATUS_CODE = "ConfigurationKept";

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<String, Entry> current = new LinkedHashMap<>();

  private record Entry(PrunePlan.Kept kept, Instant since) {}

  KeptConfigs(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** Takes the latest plan's kept FluxConfigs; true when what is reported changed. */
  synchronized boolean update(List<PrunePlan.Kept> kept) {
    Map<String, Entry> next = new LinkedHashMap<>();
    for (PrunePlan.Kept k : kept) {
      Entry before = current.get(k.config().key());
      if (before != null && before.kept().message().equals(k.message())) {
        next.put(k.config().key(), before);
        continue;
      }
      LOG.warn("{}", k.message());
      annotate(k.config(), k.message());
      next.put(k.config().key(), new Entry(k, Instant.now(clock).truncatedTo(ChronoUnit.SECONDS)));
    }
    for (Map.Entry<String, Entry> gone : current.entrySet()) {
      if (!next.containsKey(gone.getKey())) {
        LOG.info("FluxConfig {} is listed by the service again", gone.getKey());
        annotate(gone.getValue().kept().config(), null);
      }
    }
    boolean changed = !current.equals(next);
    current.clear();
    current.putAll(next);
    return changed;
  }

  /** One Warning status per kept FluxConfig, for the flux extension. */
  synchronized List<ExtensionStatus.Status> statuses() {
    return current.values().stream()
        .map(
            e ->
                new ExtensionStatus.Status(
                    STATUS_CODE, "Kept", "Warning", e.kept().message(), e.since().toString()))
        .toList();
  }

  /** Sets (or with null removes) the warning on the FluxConfig; a merge patch leaves the rest. */
  private void annotate(PrunePlan.Present config, String message) {
    Map<String, String> annotations = new java.util.HashMap<>();
    annotations.put(ANNOTATION, message);
    try {
      client
          .resources(FluxConfig.class)
          .inNamespace(config.namespace())
          .withName(config.name())
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              JSON.writeValueAsString(Map.of("metadata", Map.of("annotations", annotations))));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        LOG.debug("cannot annotate FluxConfig {}: {}", config.key(), e.getMessage());
      }
    }
  }
}
