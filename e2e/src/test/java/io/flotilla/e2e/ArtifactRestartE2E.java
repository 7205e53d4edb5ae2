package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.app.up.Flotilla;
import io.flotilla.app.up.UpOptions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: artifact URLs stored in the cluster stay valid across a restart of `up`, as Flux's stay
 * valid through the stable address of source-controller's Service: the artifact server binds the
 * port the data dir remembers. A Kustomization whose source is not reconciled again (suspended)
 * still fetches its artifact after the restart; one whose source was removed says so.
 */
class ArtifactRestartE2E {
  static final Duration CONVERGE = Duration.ofSeconds(180);

  @TempDir Path dir;

  @Test
  void aKustomizationStillFetchesItsArtifactAfterARestartAndARemovedSourceIsNamed()
      throws Exception {
    UpOptions options =
        UpOptions.defaults()
            .withPort(Ports.freeTriple())
            .withDataDir(dir.resolve("data"))
            .withAgentPollWait(Duration.ofSeconds(2));
    String url;
    try (Flotilla up = Flotilla.start(options)) {
      KubernetesClient kube = up.client();
      kube.load(new ByteArrayInputStream(objects(up.sampleUrl()).getBytes(StandardCharsets.UTF_8)))
          .serverSideApply();
      await().atMost(CONVERGE).until(() -> ready(kube, "extra"));
      url = source(kube).getStatus().artifact().url();
      // from now on nothing reconciles the source: its status keeps the URL it has
      kube.resources(GitRepository.class)
          .inNamespace("extra")
          .withName("extra")
          .patch(
              io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                  io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
              "{\"spec\":{\"suspend\":true}}");
    }
    assertThat(url).startsWith("http://127.0.0.1:" + (options.port() + 2) + "/");

    try (Flotilla up = Flotilla.start(options)) {
      KubernetesClient kube = up.client();
      assertThat(source(kube).getStatus().artifact().url()).isEqualTo(url);

      String token = reconcileNow(kube);

      Kustomization done = awaitHandled(kube, token);
      assertThat(condition(done).status()).as(condition(done).toString()).isEqualTo("True");
      assertThat(condition(done).message()).doesNotContain("connection refused");

      kube.resources(GitRepository.class).inNamespace("extra").withName("extra").delete();
      await()
          .atMost(CONVERGE)
          .until(
              () ->
                  kube.resources(GitRepository.class).inNamespace("extra").withName("extra").get()
                      == null);
      Kustomization orphan = awaitHandled(kube, reconcileNow(kube));
      assertThat(condition(orphan).status()).isEqualTo("False");
      assertThat(condition(orphan).message())
          .contains("\"extra\" not found")
          .doesNotContain("connection refused");
    }
  }

  private static String objects(String repoUrl) {
    return """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: extra
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: flux-applier
          namespace: extra
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: flux-applier
          namespace: extra
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: cluster-admin
        subjects:
        - kind: ServiceAccount
          name: flux-applier
          namespace: extra
        ---
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata:
          name: extra
          namespace: extra
        spec:
          url: %s
          ref:
            branch: main
          interval: 1m
        ---
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: extra
          namespace: extra
        spec:
          sourceRef:
            kind: GitRepository
            name: extra
          path: ./apps/staging
          targetNamespace: extra
          prune: true
          interval: 10m
        """
        .formatted(repoUrl);
  }

  private static GitRepository source(KubernetesClient kube) {
    return kube.resources(GitRepository.class).inNamespace("extra").withName("extra").get();
  }

  private static Kustomization kustomization(KubernetesClient kube) {
    return kube.resources(Kustomization.class).inNamespace("extra").withName("extra").get();
  }

  private static boolean ready(KubernetesClient kube, String name) {
    Kustomization k = kustomization(kube);
    return k != null && k.getStatus() != null && "True".equals(condition(k).status());
  }

  private static Condition condition(Kustomization k) {
    return k.getStatus().conditions().stream()
        .filter(c -> c.type().equals("Ready"))
        .findFirst()
        .orElseThrow();
  }

  /**
   * {@code flux reconcile kustomization extra}: the requestedAt annotation, as a merge patch that
   * names no resourceVersion (the controller writes the status meanwhile).
   */
  private static String reconcileNow(KubernetesClient kube) {
    String token = "t" + System.nanoTime();
    kube.resources(Kustomization.class)
        .inNamespace("extra")
        .withName("extra")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"reconcile.fluxcd.io/requestedAt\":\""
                + token
                + "\"}}}");
    return token;
  }

  private static Kustomization awaitHandled(KubernetesClient kube, String token) {
    await()
        .atMost(CONVERGE)
        .until(
            () -> {
              Kustomization k = kustomization(kube);
              return k.getStatus() != null && token.equals(k.getStatus().lastHandledReconcileAt());
            });
    return kustomization(kube);
  }
}
