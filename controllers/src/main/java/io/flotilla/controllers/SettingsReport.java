package io.flotilla.controllers;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.flotilla.api.agent.ExtensionStatus;
import io.flotilla.api.agent.FluxExtension;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engine tells the agent about the {@code microsoft.flux} extension's settings: what now
 * runs, as ARM extension statuses, acknowledged on the settings ConfigMap.
 */
record SettingsReport(KubernetesClient client, ControllerOptions options) {
  private static final Logger LOG = LoggerFactory.getLogger(SettingsReport.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the engine now runs with, as ARM extension statuses; errors first. */
  List<ExtensionStatus.Status> describe(ControllersSettings s) {
    List<ExtensionStatus.Status> out = new ArrayList<>();
    s.errors().forEach(e -> out.add(status("InvalidConfigurationSetting", "Error", e)));
    List<String> unset = new ArrayList<>();
    s.logLevels()
        .forEach(
            (controller, level) -> {
              if (!ControllersLogLevels.set(controller, level)) {
                unset.add(controller + ".log-level");
              }
            });
    if (!unset.isEmpty()) {
      out.add(
          status(
              "LogLevelNotApplied",
              "Warning",
              String.join(", ", unset)
                  + ": this process logs through "
                  + LoggerFactory.getILoggerFactory().getClass().getSimpleName()
                  + ", whose levels cannot change at run time; run with logback to use them"));
    }
    Map<String, String> running = new LinkedHashMap<>();
    running.put(ControllersSettings.SOURCE, s.sourceEnabled() ? "running" : "disabled");
    running.put(ControllersSettings.KUSTOMIZE, s.kustomizeEnabled() ? "running" : "disabled");
    running.put(
        ControllersSettings.HELM,
        !s.helmEnabled()
            ? "disabled"
            : options.helmReleases() == null
                ? "enabled, no Helm release engine in this process"
                : "running");
    running.put(ControllersSettings.NOTIFICATION, s.notificationEnabled() ? "running" : "disabled");
    running.put(
        ControllersSettings.IMAGE_REFLECTOR, s.imageReflectorEnabled() ? "running" : "disabled");
    running.put(
        ControllersSettings.IMAGE_AUTOMATION, s.imageAutomationEnabled() ? "running" : "disabled");
    StringBuilder msg = new StringBuilder();
    running.forEach((k, v) -> msg.append(k).append(": ").append(v).append("; "));
    msg.append("kustomize-controller.concurrent=")
        .append(s.kustomizeConcurrent())
        .append(", helm-controller.concurrent=")
        .append(s.helmConcurrent())
        .append(", source-controller.concurrent=")
        .append(s.sourceConcurrent())
        .append(", kustomize-controller.requeue-dependency=")
        .append(io.flotilla.api.flux.meta.GoDuration.format(s.requeueDependency()))
        .append(", helm-controller.detectDrift=")
        .append(s.helmDetectDrift())
        .append(", multiTenancy.enforce=")
        .append(s.multiTenancyEnforce());
    out.add(status("ConfigurationSettingsApplied", "Information", msg.toString()));
    return out;
  }

  ExtensionStatus.Status status(String code, String level, String message) {
    return new ExtensionStatus.Status(
        code,
        level.equals("Error") ? "Failed" : "Applied",
        level,
        message,
        Instant.now(options.clock()).truncatedTo(ChronoUnit.SECONDS).toString());
  }

  /**
   * Tells the agent which version of the settings now runs: a merge patch of two annotations, so
   * the agent's own apply of the data is never overwritten. Skipped when already so.
   */
  void acknowledge(ConfigMap cm, List<ExtensionStatus.Status> result) {
    Map<String, String> ann =
        cm.getMetadata().getAnnotations() == null ? Map.of() : cm.getMetadata().getAnnotations();
    String version = ann.get(FluxExtension.VERSION_ANNOTATION);
    try {
      String resultJson = JSON.writeValueAsString(withoutTimes(result));
      String previous = ann.get(FluxExtension.RESULT_ANNOTATION);
      if (Objects.equals(ann.get(FluxExtension.APPLIED_ANNOTATION), version)
          && previous != null
          && Objects.equals(
              JSON.writeValueAsString(
                  withoutTimes(List.of(JSON.readValue(previous, ExtensionStatus.Status[].class)))),
              resultJson)) {
        return;
      }
      Map<String, Object> patch =
          Map.of(
              "metadata",
              Map.of(
                  "annotations",
                  Map.of(
                      FluxExtension.APPLIED_ANNOTATION,
                      version == null ? "" : version,
                      FluxExtension.RESULT_ANNOTATION,
                      JSON.writeValueAsString(result))));
      client
          .configMaps()
          .inNamespace(FluxExtension.NAMESPACE)
          .withName(FluxExtension.SETTINGS_CONFIG_MAP)
          .patch(PatchContext.of(PatchType.JSON_MERGE), JSON.writeValueAsString(patch));
    } catch (KubernetesClientException e) {
      LOG.warn("cannot acknowledge the flux extension's settings: {}", e.getMessage());
    } catch (java.io.IOException e) {
      LOG.warn("cannot write the flux extension's settings result: {}", e.getMessage());
    }
  }

  private static List<ExtensionStatus.Status> withoutTimes(List<ExtensionStatus.Status> list) {
    return list.stream()
        .map(
            s ->
                new ExtensionStatus.Status(
                    s.code(), s.displayStatus(), s.level(), s.message(), null))
        .toList();
  }
}
