package io.flotilla.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.FluxCrds;
import io.flotilla.api.agent.DesiredExtension;
import io.flotilla.api.agent.ExtensionStatus;
import io.flotilla.api.agent.FluxExtension;
import io.flotilla.api.arm.ProvisioningState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Writes the cluster's extensions: the {@code microsoft.flux} extension's configurationSettings
 * into the ConfigMap the controllers watch, its protected settings only into a Secret; and says
 * what to report about each. Other extension types have nothing to install here and are reported as
 * such.
 */
final class ExtensionWriter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final KubernetesClient client;
  private final Clock clock;

  ExtensionWriter(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * Writes every extension and returns the statuses known at once: deletions, other types. The flux
   * extension's status comes later, from the controllers' acknowledgement ({@link #fluxStatus}).
   */
  List<ExtensionStatus> apply(List<DesiredExtension> extensions) {
    List<ExtensionStatus> out = new ArrayList<>();
    boolean fluxWanted = false;
    for (DesiredExtension e : extensions) {
      if (e.deleting()) {
        if (e.isFlux()) {
          // the service sends this only once the cluster's configurations are gone
          new FluxUninstall(client).run();
        }
        out.add(new ExtensionStatus(e.name(), e.version(), true, null, null, null, null));
      } else if (e.isFlux()) {
        fluxWanted = true;
        writeFlux(e);
      } else {
        out.add(
            new ExtensionStatus(
                e.name(),
                e.version(),
                false,
                ProvisioningState.SUCCEEDED,
                e.properties() == null ? null : e.properties().version(),
                List.of(
                    new ExtensionStatus.Status(
                        "NotManagedInCluster",
                        "Recorded",
                        "Information",
                        "extension type '"
                            + (e.properties() == null ? "" : e.properties().extensionType())
                            + "' has nothing to install in a flotilla cluster",
                        now())),
                null));
      }
    }
    if (!fluxWanted
        && extensions.stream().noneMatch(e -> e.isFlux() && e.deleting())
        && settingsMap() != null) {
      removeFlux(); // the extension is gone from the service altogether
    }
    return out;
  }

  private void writeFlux(DesiredExtension e) {
    ensureCrds();
    ensureNamespace();
    Map<String, String> settings =
        e.properties().configurationSettings() == null
            ? Map.of()
            : new TreeMap<>(e.properties().configurationSettings());
    ConfigMap cm =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(FluxExtension.SETTINGS_CONFIG_MAP)
            .withNamespace(FluxExtension.NAMESPACE)
            .addToLabels(ClusterWriter.MANAGED_BY, ClusterWriter.AGENT)
            .addToAnnotations(FluxExtension.VERSION_ANNOTATION, Long.toString(e.version()))
            .addToAnnotations(NAME_ANNOTATION, e.name())
            .endMetadata()
            .withData(settings)
            .build();
    client
        .resource(cm)
        .fieldManager(ClusterWriter.FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
    Map<String, String> secret = e.properties().configurationProtectedSettings();
    if (secret != null && !secret.isEmpty()) {
      client
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName(FluxExtension.PROTECTED_SECRET)
                  .withNamespace(FluxExtension.NAMESPACE)
                  .addToLabels(ClusterWriter.MANAGED_BY, ClusterWriter.AGENT)
                  .endMetadata()
                  .withType("Opaque")
                  .withData(
                      secret.entrySet().stream()
                          .collect(
                              Collectors.toMap(
                                  Map.Entry::getKey,
                                  x ->
                                      Base64.getEncoder()
                                          .encodeToString(
                                              x.getValue().getBytes(StandardCharsets.UTF_8)))))
                  .build())
          .fieldManager(ClusterWriter.FIELD_MANAGER)
          .forceConflicts()
          .serverSideApply();
    }
  }

  static final String NAME_ANNOTATION = "clusterconfig.azure.com/extension-name";

  private void removeFlux() {
    new FluxUninstall(client).removeSettings();
  }

  private ConfigMap settingsMap() {
    return client
        .configMaps()
        .inNamespace(FluxExtension.NAMESPACE)
        .withName(FluxExtension.SETTINGS_CONFIG_MAP)
        .get();
  }

  /** The Flux CRDs come with the extension: a delete removed them, a new install brings them. */
  private void ensureCrds() {
    boolean missing =
        FluxCrds.NAMES.stream()
            .anyMatch(
                n ->
                    client.apiextensions().v1().customResourceDefinitions().withName(n).get()
                        == null);
    if (missing) {
      FluxCrds.install(client);
    }
  }

  private void ensureNamespace() {
    if (client.namespaces().withName(FluxExtension.NAMESPACE).get() == null) {
      client
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(FluxExtension.NAMESPACE)
                  // made for the extension: its delete may remove it again (FluxUninstall)
                  .addToLabels(ClusterWriter.MANAGED_BY, ClusterWriter.AGENT)
                  .endMetadata()
                  .build())
          .fieldManager(ClusterWriter.FIELD_MANAGER)
          .serverSideApply();
    }
  }

  /**
   * The flux extension's status from the settings ConfigMap, once the controllers have taken its
   * current version; empty before. Failed when they found a setting they could not use.
   */
  static java.util.Optional<ExtensionStatus> fluxStatus(ConfigMap cm) {
    if (cm == null || cm.getMetadata().getAnnotations() == null) {
      return java.util.Optional.empty();
    }
    Map<String, String> ann = cm.getMetadata().getAnnotations();
    String version = ann.get(FluxExtension.VERSION_ANNOTATION);
    String name = ann.get(NAME_ANNOTATION);
    if (version == null
        || name == null
        || !version.equals(ann.get(FluxExtension.APPLIED_ANNOTATION))) {
      return java.util.Optional.empty();
    }
    List<ExtensionStatus.Status> statuses = List.of();
    String result = ann.get(FluxExtension.RESULT_ANNOTATION);
    if (result != null && !result.isBlank()) {
      try {
        statuses = List.of(JSON.readValue(result, ExtensionStatus.Status[].class));
      } catch (IOException e) {
        statuses = List.of();
      }
    }
    List<String> errors =
        statuses.stream()
            .filter(s -> "Error".equals(s.level()))
            .map(ExtensionStatus.Status::message)
            .toList();
    long v;
    try {
      v = Long.parseLong(version);
    } catch (NumberFormatException e) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        new ExtensionStatus(
            name,
            v,
            false,
            errors.isEmpty() ? ProvisioningState.SUCCEEDED : ProvisioningState.FAILED,
            null,
            statuses,
            errors.isEmpty() ? null : String.join("; ", errors)));
  }

  private String now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
