package io.flotilla.controllers;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.agent.ExtensionStatus;
import io.flotilla.api.agent.FluxExtension;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Writes the flux extension's settings as the agent does, for the ITs. */
public final class ExtensionSettingsWriter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicLong VERSION = new AtomicLong();

  private ExtensionSettingsWriter() {}

  /** Writes {@code settings} and waits until the controllers run with them; their statuses. */
  public static List<ExtensionStatus.Status> settle(
      KubernetesClient client, Map<String, String> settings, Duration within) throws Exception {
    String v = Long.toString(VERSION.incrementAndGet());
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(FluxExtension.SETTINGS_CONFIG_MAP)
                .withNamespace(FluxExtension.NAMESPACE)
                .addToAnnotations(FluxExtension.VERSION_ANNOTATION, v)
                .endMetadata()
                .withData(new LinkedHashMap<>(settings))
                .build())
        .fieldManager("fluxconfig-agent")
        .forceConflicts()
        .serverSideApply();
    await()
        .atMost(within)
        .until(() -> v.equals(annotation(client, FluxExtension.APPLIED_ANNOTATION)));
    return List.of(
        JSON.readValue(
            annotation(client, FluxExtension.RESULT_ANNOTATION), ExtensionStatus.Status[].class));
  }

  /** {@link #settle}, and the message of its {@code ConfigurationSettingsApplied} status. */
  public static String settleApplied(
      KubernetesClient client, Map<String, String> settings, Duration within) throws Exception {
    return settle(client, settings, within).stream()
        .filter(s -> s.code().equals("ConfigurationSettingsApplied"))
        .findFirst()
        .orElseThrow()
        .message();
  }

  /** The settings ConfigMap on the cluster, null when there is none. */
  public static ConfigMap settings(KubernetesClient client) {
    return client
        .configMaps()
        .inNamespace(FluxExtension.NAMESPACE)
        .withName(FluxExtension.SETTINGS_CONFIG_MAP)
        .get();
  }

  private static String annotation(KubernetesClient client, String name) {
    return settings(client).getMetadata().getAnnotations().get(name);
  }
}
