package io.flotilla.controllers;

import static io.flotilla.controllers.RunningControllers.CONVERGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flotilla.api.agent.ExtensionStatus;
import io.flotilla.api.agent.FluxExtension;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.source.GitRepository;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code microsoft.flux} extension's settings, as the agent writes them into the cluster,
 * change what the running engine does without a restart: a disabled kustomize-controller leaves a
 * new Kustomization alone until it is enabled again; {@code multiTenancy.enforce=false} lets a
 * Kustomization use another namespace's source; a setting that cannot be read is reported.
 */
class ExtensionSettingsIT {

  @RegisterExtension static final RunningControllers cluster = RunningControllers.forFluxConfigs();

  static String url;

  @BeforeAll
  static void start() {
    url =
        cluster.gitRepository(
            "repo",
            Map.of("apps/cm.yaml", configMap("apps"), "other/cm.yaml", configMap("other")),
            "one ConfigMap per namespace");
    for (String ns : List.of(FluxExtension.NAMESPACE, "apps", "other")) {
      cluster.namespace(ns);
    }
  }

  private static String configMap(String namespace) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-git\n  namespace: "
        + namespace
        + "\ndata:\n  a: b\n";
  }

  /** Writes the settings as the agent does and waits until the controllers run with them. */
  private static List<ExtensionStatus.Status> settle(Map<String, String> settings)
      throws Exception {
    return ExtensionSettingsWriter.settle(cluster.client(), settings, CONVERGE);
  }

  private static void gitRepository(String ns) {
    GitRepository repo = GitSources.onMain(ns, "repo", url, "1m");
    repo.setSpec(repo.getSpec().withTimeout("30s"));
    cluster.client().resource(repo).create();
  }

  private static void kustomization(String ns, String name, String sourceNamespace, String path) {
    KustomizationSpecs.ofGitRepository("repo", sourceNamespace, path)
        .withIntervals("1m", "2s")
        .withTimeout("30s")
        .create(cluster.client(), ns, name);
  }

  private static Optional<Condition> ready(String ns, String name) {
    return KustomizationSpecs.condition(cluster.client(), ns, name, "Ready");
  }

  private static void awaitReady(String ns, String name) {
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(ready(ns, name))
                    .hasValueSatisfying(
                        c -> assertThat(c.status()).as(c.message()).isEqualTo("True")));
  }

  @Test
  void settingsChangeTheRunningEngine() throws Exception {
    // kustomize-controller disabled: sources still fetch, a new Kustomization is left alone.
    var statuses = settle(Map.of("kustomize-controller.enabled", "false"));
    assertThat(cluster.controllers().settings().kustomizeEnabled()).isFalse();
    assertThat(statuses)
        .filteredOn(s -> s.code().equals("ConfigurationSettingsApplied"))
        .singleElement()
        .satisfies(s -> assertThat(s.message()).contains("kustomize-controller: disabled"));
    gitRepository("apps");
    kustomization("apps", "app", null, "./apps");
    await()
        .atMost(CONVERGE)
        .until(
            () -> {
              GitRepository r =
                  cluster
                      .client()
                      .resources(GitRepository.class)
                      .inNamespace("apps")
                      .withName("repo")
                      .get();
              return r.getStatus() != null && r.getStatus().artifact() != null;
            });
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> ready("apps", "app").isEmpty());
    assertThat(cluster.client().configMaps().inNamespace("apps").withName("from-git").get())
        .isNull();

    // Enabled again (in-process): the waiting Kustomization is reconciled.
    settle(Map.of("kustomize-controller.enabled", "true"));
    awaitReady("apps", "app");
    assertThat(cluster.client().configMaps().inNamespace("apps").withName("from-git").get())
        .isNotNull();

    // multiTenancy.enforce (the default) refuses another namespace's source...
    kustomization("other", "cross", "apps", "./other");
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(ready("other", "cross"))
                    .hasValueSatisfying(
                        c -> {
                          assertThat(c.status()).isEqualTo("False");
                          assertThat(c.reason()).isEqualTo("AccessDenied");
                        }));
    // ...and opting out lifts it.
    settle(Map.of("multiTenancy.enforce", "false"));
    assertThat(cluster.controllers().settings().multiTenancyEnforce()).isFalse();
    awaitReady("other", "cross");
    assertThat(cluster.client().configMaps().inNamespace("other").withName("from-git").get())
        .isNotNull();

    // A value that cannot be read is reported and keeps what runs (here the default).
    var bad =
        settle(Map.of("multiTenancy.enforce", "false", "kustomize-controller.concurrent", "lots"));
    assertThat(bad)
        .filteredOn(s -> s.level().equals("Error"))
        .extracting(ExtensionStatus.Status::message)
        .containsExactly(
            "configuration setting 'kustomize-controller.concurrent' is 'lots': use a whole"
                + " number from 1 to 1000");
    assertThat(cluster.controllers().settings().kustomizeConcurrent()).isEqualTo(10);
  }
}
