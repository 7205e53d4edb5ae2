package io.flotilla.controllers.kustomization;

import static io.flotilla.controllers.RunningControllers.CONVERGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.meta.Annotations;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.fluxconfig.FluxConfig;
import io.flotilla.controllers.FluxConfigs;
import io.flotilla.controllers.GitSources;
import io.flotilla.controllers.KustomizationSpecs;
import io.flotilla.controllers.RunningControllers;
import io.flotilla.testkit.GitFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Kustomization whose service account is gone, or lost its RBAC, on an API server that enforces
 * RBAC (each tenant namespace has a {@code deployer} account bound to cluster-admin there): nothing
 * is pruned with credentials known to be gone, a refused prune backs off (at most one request per
 * object per step), the reconcile fails with Flux's reason, and deleting the namespace completes.
 */
class ServiceAccountGoneIT {

  @RegisterExtension
  static final RunningControllers cluster =
      RunningControllers.withRbac(o -> o.withMultiTenancy(true));

  static GitFixture repo;

  /** Requests for each tenant's ConfigMap {@code settings}, by namespace. */
  static final Map<String, AtomicInteger> settingsRequests = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() {
    repo = cluster.git("repo");
    for (String ns : List.of("team-a", "team-b", "team-c")) {
      repo.write(
          Map.of(
              ns + "/settings.yaml",
              "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: "
                  + ns
                  + "\ndata:\n  a: b\n"));
    }
    repo.commit("settings for each team");
    cluster
        .kube()
        .api()
        .onRequest(
            r -> {
              String path = r.path();
              if (path.endsWith("/configmaps/settings")) {
                String ns = path.substring(path.indexOf("/namespaces/") + 12).split("/")[0];
                settingsRequests.computeIfAbsent(ns, k -> new AtomicInteger()).incrementAndGet();
              }
            });
  }

  private static int requests(String ns) {
    return settingsRequests.computeIfAbsent(ns, k -> new AtomicInteger()).get();
  }

  /** Namespace {@code ns}, its deployer account and binding, and Kustomization app acting as it. */
  private static void tenant(String ns) {
    cluster.namespace(ns);
    cluster
        .client()
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("deployer")
                .withNamespace(ns)
                .endMetadata()
                .build())
        .create();
    cluster
        .client()
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("deployer")
                .withNamespace(ns)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("deployer")
                .withNamespace(ns)
                .endSubject()
                .build())
        .create();
    GitRepository source = GitSources.onMain(ns, "repo", repo.fileUrl(), "10m");
    cluster.client().resource(source).create();
    KustomizationSpecs.of("GitRepository", "repo", "./" + ns)
        .withServiceAccountName("deployer")
        .create(cluster.client(), ns, "app");
    awaitSettings(ns);
  }

  private static void awaitSettings(String ns) {
    await()
        .atMost(CONVERGE)
        .until(
            () -> cluster.client().configMaps().inNamespace(ns).withName("settings").get() != null);
  }

  private static Kustomization app(String ns) {
    return cluster.client().resources(Kustomization.class).inNamespace(ns).withName("app").get();
  }

  private static Optional<Condition> ready(String ns) {
    Kustomization ks = app(ns);
    return ks == null || ks.getStatus() == null
        ? Optional.empty()
        : ks.getStatus().conditions().stream().filter(c -> "Ready".equals(c.type())).findFirst();
  }

  private static List<Event> warnings(String ns) {
    return cluster.client().v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> "Warning".equals(e.getType()))
        .toList();
  }

  @Test
  void deletingTheNamespaceCompletesWithoutPruningAsTheGoneAccount() {
    tenant("team-a");
    int before = requests("team-a");
    cluster.client().namespaces().withName("team-a").delete();
    await()
        .atMost(CONVERGE)
        .until(() -> cluster.client().namespaces().withName("team-a").get() == null);
    // the namespace took the account and its binding: at most one refused attempt before the
    // finalizer saw the account gone
    assertThat(requests("team-a") - before).isLessThanOrEqualTo(1);
  }

  @Test
  void deletingAConfigurationsNamespaceCompletes() {
    String ns = "team-b";
    cluster.namespace(ns);
    FluxConfig config =
        FluxConfigs.onMainBranch(
            ns,
            "cfg",
            repo.fileUrl(),
            30,
            60,
            Map.of("app", FluxConfigs.pruned("app", "./" + ns, 60)));
    config.setSpec(config.getSpec().with(s -> s.scope = "namespace"));
    cluster.client().resource(config).create();
    awaitSettings(ns);
    int before = requests(ns);
    cluster.client().namespaces().withName(ns).delete();
    await().atMost(CONVERGE).until(() -> cluster.client().namespaces().withName(ns).get() == null);
    assertThat(requests(ns) - before).isLessThanOrEqualTo(1);
  }

  @Test
  void aLostBindingFailsWithFluxsReasonBacksOffAndAGoneAccountIsNeverUsedToPrune() {
    String ns = "team-c";
    tenant(ns);
    cluster.client().rbac().roleBindings().inNamespace(ns).withName("deployer").delete();
    cluster
        .client()
        .resources(Kustomization.class)
        .inNamespace(ns)
        .withName("app")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\""
                + Annotations.RECONCILE_REQUESTED_AT
                + "\":\"now\"}}}");
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              Condition r = ready(ns).orElseThrow();
              assertThat(r.status()).isEqualTo("False");
              assertThat(r.reason()).isEqualTo("ReconciliationFailed");
              assertThat(r.message())
                  .contains("ConfigMap/team-c/settings")
                  .contains("User \"system:serviceaccount:team-c:deployer\" cannot");
            });

    // the prune the API refuses is retried with a doubling delay, not in a loop
    int before = requests(ns);
    cluster.client().resources(Kustomization.class).inNamespace(ns).withName("app").delete();
    await()
        .atMost(CONVERGE)
        .until(() -> warnings(ns).stream().anyMatch(e -> "PruneFailed".equals(e.getReason())));
    await()
        .during(Duration.ofSeconds(6))
        .atMost(Duration.ofSeconds(8))
        .until(() -> app(ns) != null);
    // attempts at about 0, 1, 3 and 7 s: one GET of the object each
    assertThat(requests(ns) - before).isBetween(1, 4);
    assertThat(cluster.client().configMaps().inNamespace(ns).withName("settings").get())
        .isNotNull();

    // with the account gone, the finalizer prunes nothing and goes, as Flux's does
    cluster.client().serviceAccounts().inNamespace(ns).withName("deployer").delete();
    await().atMost(CONVERGE).until(() -> app(ns) == null);
    assertThat(cluster.client().configMaps().inNamespace(ns).withName("settings").get())
        .isNotNull();
    assertThat(warnings(ns))
        .anySatisfy(
            e ->
                assertThat(e.getMessage())
                    .isEqualTo("unable to prune objects: \nConfigMap/team-c/settings"));
  }
}
