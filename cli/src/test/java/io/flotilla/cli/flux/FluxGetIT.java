package io.flotilla.cli.flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code flotilla flux get …}: flux's tables, words and exit codes against the embedded API. */
class FluxGetIT extends FluxClusterIT {
  static final String SHA = "696f056df216eea4f9401adbee0ff744d4df390f";

  @BeforeAll
  static void start() {
    cluster.namespace("apps");
    cluster.podinfoSource("flux-system", "podinfo", "main");
    cluster.status(
        FluxKind.GIT_REPOSITORY,
        "flux-system",
        "podinfo",
        """
        observedGeneration: 1
        artifact: {revision: "main@sha1:%s", path: p, url: http://x/p, digest: "sha256:0", lastUpdateTime: "2026-01-01T00:00:00Z"}
        conditions:
        - {type: Ready, status: "True", reason: Succeeded, message: "stored artifact for revision 'main@sha1:%s'", lastTransitionTime: "2026-01-01T00:00:00Z"}
        """
            .formatted(SHA, SHA));
    cluster.create(
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmRepository
        metadata: {name: bitnami, namespace: flux-system}
        spec: {url: https://charts.bitnami.com/bitnami, interval: 1h0m0s}
        """);
    cluster.createWithStatus(
        """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata: {name: podinfo, namespace: flux-system}
        spec: {interval: 10m0s, path: ./kustomize, prune: true, sourceRef: {kind: GitRepository, name: podinfo}}
        """,
        """
        observedGeneration: 1
        lastAppliedRevision: "main@sha1:%s"
        conditions:
        - {type: Ready, status: "True", reason: ReconciliationSucceeded, message: "Applied revision: main@sha1:%s", lastTransitionTime: "2026-01-01T00:00:00Z"}
        """
            .formatted(SHA, SHA));
    cluster.createWithStatus(
        """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata: {name: apps, namespace: apps}
        spec: {interval: 5m, path: ./apps, prune: true, suspend: true, sourceRef: {kind: GitRepository, name: podinfo, namespace: flux-system}}
        """,
        """
        observedGeneration: 1
        conditions:
        - {type: Ready, status: "False", reason: BuildFailed, message: "kustomization path not found", lastTransitionTime: "2026-01-01T00:00:00Z"}
        """);
  }

  @Test
  void kustomizationsInTheDefaultNamespace() {
    var r = cluster.run("flux", "get", "kustomizations");
    assertThat(r.exitCode()).isZero();
    assertPrints(
        r,
        """
            NAME   \tREVISION          \tSUSPENDED\tREADY\tMESSAGE                             \s
            podinfo\tmain@sha1:696f056d\tFalse    \tTrue \tApplied revision: main@sha1:696f056d\t
            """);
  }

  @Test
  void allNamespacesAddTheNamespaceColumn() {
    var r = cluster.run("flux", "get", "ks", "-A");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            NAMESPACE  \tNAME   \tREVISION          \tSUSPENDED\tREADY\tMESSAGE                             \s
            apps       \tapps   \t                  \tTrue     \tFalse\tkustomization path not found        \t
            flux-system\tpodinfo\tmain@sha1:696f056d\tFalse    \tTrue \tApplied revision: main@sha1:696f056d\t
            """);
  }

  @Test
  void statusSelectorAndNoHeader() {
    var r = flux("get kustomizations --all-namespaces --status-selector ready=false --no-header");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("apps\tapps\t\tTrue\tFalse\tkustomization path not found\t\n");
  }

  @Test
  void sourcesWithoutStatusWaitToBeReconciled() {
    var r = cluster.run("flux", "get", "sources", "helm");
    assertThat(r.out())
        .isEqualTo(
            """
            NAME   \tREVISION\tSUSPENDED\tREADY\tMESSAGE                 \s
            bitnami\t        \tFalse    \tFalse\twaiting to be reconciled\t
            """);
  }

  @Test
  void sourcesAllPrintsOneTablePerKindWithKindNames() {
    var r = cluster.run("flux", "get", "sources", "all");
    assertPrints(
        r,
        """
            NAME                 \tREVISION          \tSUSPENDED\tREADY\tMESSAGE                                          \s
            gitrepository/podinfo\tmain@sha1:696f056d\tFalse    \tTrue \tstored artifact for revision 'main@sha1:696f056d'\t

            NAME                  \tREVISION\tSUSPENDED\tREADY\tMESSAGE                 \s
            helmrepository/bitnami\t        \tFalse    \tFalse\twaiting to be reconciled\t

            """);
  }

  @Test
  void nothingFoundIsSaidButIsNoFailure() {
    var r = cluster.run("flux", "get", "helmreleases");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("✗ no HelmRelease objects found in \"flux-system\" namespace\n");

    var named = cluster.run("flux", "get", "ks", "nope", "-n", "apps");
    assertThat(named.exitCode()).isZero();
    assertThat(named.err())
        .isEqualTo("✗ Kustomization object 'nope' not found in \"apps\" namespace\n");

    var any = cluster.run("flux", "get", "sources", "oci", "-A");
    assertThat(any.err()).isEqualTo("✗ no OCIRepository objects found in any namespace\n");
  }

  @Test
  void watchPrintsARowPerChangeUntilTheTimeout() throws Exception {
    cluster.namespace("watch");
    cluster.create(
        """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata: {name: web, namespace: watch}
        spec: {interval: 5m, path: ./web, prune: true, sourceRef: {kind: GitRepository, name: podinfo, namespace: flux-system}}
        """);
    var running =
        cluster.start("flux", "get", "kustomizations", "-n", "watch", "--watch", "--timeout", "5s");
    await().atMost(Duration.ofSeconds(4)).until(() -> running.out().toString().contains("web"));
    cluster.status(
        FluxKind.KUSTOMIZATION,
        "watch",
        "web",
        """
        observedGeneration: 1
        lastAppliedRevision: "main@sha1:%s"
        conditions:
        - {type: Ready, status: "True", reason: ReconciliationSucceeded, message: "Applied revision: main@sha1:%s", lastTransitionTime: "2026-01-01T00:00:00Z"}
        """
            .formatted(SHA, SHA));
    var r = running.result().get(30, TimeUnit.SECONDS);
    assertThat(r.out())
        .isEqualTo(
            """
            NAME\tREVISION\tSUSPENDED\tREADY\tMESSAGE                 \s
            web \t        \tFalse    \tFalse\twaiting to be reconciled\t
            web\tmain@sha1:696f056d\tFalse\tTrue\tApplied revision: main@sha1:696f056d\t
            """);
    assertFails(r, "✗ timed out waiting for the condition\n");
  }

  @Test
  void anUnreachableClusterIsSaidInClientGoWords() throws Exception {
    java.nio.file.Path config = dir.resolve("refused.kubeconfig");
    java.nio.file.Files.writeString(
        config,
        java.nio.file.Files.readString(cluster.kubeconfig)
            .replaceFirst("server: http://[^\\s]+", "server: http://127.0.0.1:1"));
    var r =
        cluster.runWith(
            java.util.Map.of("KUBECONFIG", config.toString()),
            "",
            "flux",
            "get",
            "ks",
            "--timeout=5s");
    assertFails(r, "✗ dial tcp 127.0.0.1:1: connect: connection refused\n");

    var context = cluster.run("flux", "get", "ks", "--context", "elsewhere");
    assertFails(context, "✗ context \"elsewhere\" does not exist\n");
  }

  @Test
  void badInputFailsWithFluxWords() {
    var selector = cluster.run("flux", "get", "ks", "--status-selector", "ready");
    assertFails(selector, "✗ expected status selector in type=status format, but found: ready\n");

    var watchAll = cluster.run("flux", "get", "all", "--watch");
    assertFails(watchAll, "✗ expected a single resource type, but found all\n");

    var flag = cluster.run("flux", "get", "ks", "--bogus");
    assertFails(flag, "✗ unknown flag: --bogus\n");

    var timeout = cluster.run("flux", "get", "ks", "--timeout", "soon");
    assertFails(
        timeout,
        "✗ invalid argument \"soon\" for \"--timeout\" flag: time: invalid duration \"soon\"\n");
  }
}
