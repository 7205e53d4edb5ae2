package io.flotilla.controllers;

import static io.flotilla.controllers.RunningControllers.CONVERGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.fluxconfig.FluxConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Multi-tenancy on an API server that enforces RBAC: a namespace-scoped configuration may only
 * touch its namespace (its Kustomization reports the server's 403), a cluster-scoped one may create
 * cluster objects. Each tenant has its own folder with a ConfigMap and a ClusterRole.
 */
class MultiTenancyIT {

  @RegisterExtension
  static final RunningControllers cluster = RunningControllers.forFluxConfigsWithRbac();

  static String url;

  @BeforeAll
  static void start() {
    Map<String, String> files = new HashMap<>();
    for (String tenant : new String[] {"team-a", "platform"}) {
      files.put(tenant + "/settings.yaml", configMap(tenant));
      files.put(tenant + "/reader.yaml", clusterRole(tenant + "-reader"));
    }
    url = cluster.gitRepository("repo", files, "each tenant's app also wants a ClusterRole");
  }

  private static String configMap(String namespace) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: "
        + namespace
        + "\ndata:\n  a: b\n";
  }

  private static String clusterRole(String name) {
    return "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: "
        + name
        + "\nrules: []\n";
  }

  /** A configuration named cfg in {@code namespace}, applying the folder of the same name. */
  private static void create(String namespace, String scope) {
    cluster.namespace(namespace);
    var app = FluxConfigs.pruned("app", "./" + namespace, 60);
    cluster
        .client()
        .resource(
            FluxConfigs.of(
                namespace,
                "cfg",
                "/x/" + namespace,
                1L,
                scope,
                FluxConfigs.mainBranch(url, 30L, 60L, null),
                Map.of("app", app)))
        .create();
  }

  private static FluxConfig config(String namespace) {
    return cluster
        .client()
        .resources(FluxConfig.class)
        .inNamespace(namespace)
        .withName("cfg")
        .get();
  }

  @Test
  void aNamespaceScopedConfigurationCannotCreateClusterObjects() {
    create("team-a", "namespace");
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              Kustomization ks =
                  cluster
                      .client()
                      .resources(Kustomization.class)
                      .inNamespace("team-a")
                      .withName("cfg-app")
                      .get();
              // an NPE would end the wait at once: awaitility retries only failed assertions
              assertThat(ks).isNotNull();
              assertThat(ks.getStatus()).isNotNull();
              var ready = ks.getStatus().conditions().get(0);
              assertThat(ready.status()).isEqualTo("False");
              assertThat(ready.message())
                  .contains("ClusterRole/team-a-reader")
                  .contains("User \"system:serviceaccount:team-a:flux-applier\" cannot")
                  .contains("at the cluster scope");
              assertThat(config("team-a").getStatus().complianceState()).isEqualTo("Non-Compliant");
            });
    assertThat(cluster.client().rbac().clusterRoles().withName("team-a-reader").get()).isNull();
  }

  @Test
  void aClusterScopedConfigurationMay() {
    create("platform", "cluster");
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(cluster.client().rbac().clusterRoles().withName("platform-reader").get())
                  .isNotNull();
              assertThat(
                      cluster
                          .client()
                          .configMaps()
                          .inNamespace("platform")
                          .withName("settings")
                          .get())
                  .isNotNull();
              assertThat(config("platform").getStatus().complianceState()).isEqualTo("Compliant");
            });
  }
}
