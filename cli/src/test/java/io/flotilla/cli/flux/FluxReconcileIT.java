package io.flotilla.cli.flux;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code flotilla flux reconcile|suspend|resume|delete|export}: flux's messages, exit codes and the
 * changes to the objects, with a stand-in controller answering reconcile requests.
 */
class FluxReconcileIT extends FluxClusterIT {
  static final String SHA = "67e2c98a60dc92283531412a9e604dd4bae005a9";

  static void gitAndKustomization(String ns, String name) {
    cluster.namespace(ns);
    cluster.podinfoSource(ns, name, "master");
    cluster.create(
        """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata: {name: %s, namespace: %s, labels: {team: a}}
        spec: {interval: 10m0s, path: ./kustomize, prune: true, sourceRef: {kind: GitRepository, name: %s}}
        """
            .formatted(name, ns, name));
  }

  static String fetched(GenericKubernetesResource r) {
    return """
        artifact: {revision: "6.3.5@sha1:%s", path: p, url: http://x/p, digest: "sha256:0", lastUpdateTime: "2026-01-01T00:00:00Z"}
        """
            .formatted(SHA)
        + ready("stored artifact");
  }

  static String applied(GenericKubernetesResource r) {
    return "lastAppliedRevision: \"6.3.5@sha1:%s\"\n".formatted(SHA)
        + ready("Applied revision: 6.3.5@sha1:" + SHA);
  }

  static String annotation(FluxKind kind, String ns, String name, String key) {
    return cluster.get(kind, ns, name).getMetadata().getAnnotations().get(key);
  }

  @Test
  void reconcileKustomizationWithSource() {
    gitAndKustomization("tkfg", "tkfg");
    try (var git =
            FakeController.start(
                cluster, FluxKind.GIT_REPOSITORY, "tkfg", FluxReconcileIT::fetched);
        var ks =
            FakeController.start(
                cluster, FluxKind.KUSTOMIZATION, "tkfg", FluxReconcileIT::applied)) {
      var r = cluster.run("flux", "reconcile", "ks", "tkfg", "-n", "tkfg", "--with-source");
      assertThat(r.err())
          .isEqualTo(
              """
              ► annotating GitRepository tkfg in tkfg namespace
              ✔ GitRepository annotated
              ◎ waiting for GitRepository reconciliation
              ✔ fetched revision 6.3.5@sha1:%s
              ► annotating Kustomization tkfg in tkfg namespace
              ✔ Kustomization annotated
              ◎ waiting for Kustomization reconciliation
              ✔ applied revision 6.3.5@sha1:%s
              """
                  .formatted(SHA, SHA));
      assertThat(r.exitCode()).isZero();
      assertThat(r.out()).isEmpty();
    }
    assertThat(annotation(FluxKind.KUSTOMIZATION, "tkfg", "tkfg", Reconciler.REQUESTED_AT))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    assertThat(annotation(FluxKind.GIT_REPOSITORY, "tkfg", "tkfg", Reconciler.REQUESTED_AT))
        .isNotNull();
  }

  @Test
  void reconcileHelmReleaseWithSourceForceAndReset() {
    cluster.namespace("hr");
    cluster.podinfoHelmChain("hr");
    cluster.status(FluxKind.HELM_RELEASE, "hr", "podinfo", "helmChart: hr/hr-podinfo\n");
    try (var repo =
            FakeController.start(
                cluster,
                FluxKind.HELM_REPOSITORY,
                "hr",
                r ->
                    "artifact: {revision: \"sha256:abc\", path: p, url: http://x/p, digest: \"sha256:abc\", lastUpdateTime: \"2026-01-01T00:00:00Z\"}\n"
                        + ready("stored artifact"));
        var chart =
            FakeController.start(
                cluster,
                FluxKind.HELM_CHART,
                "hr",
                r ->
                    "artifact: {revision: \"6.5.4\", path: p, url: http://x/p, digest: \"sha256:abc\", lastUpdateTime: \"2026-01-01T00:00:00Z\"}\n"
                        + ready("pulled 'podinfo' chart with version '6.5.4'"));
        var hr =
            FakeController.start(
                cluster,
                FluxKind.HELM_RELEASE,
                "hr",
                r ->
                    "helmChart: hr/hr-podinfo\nhistory:\n- {chartName: podinfo, chartVersion: 6.5.4, appVersion: 6.5.4, configDigest: \"sha256:0\", digest: \"sha256:0\", firstDeployed: \"2026-01-01T00:00:00Z\", lastDeployed: \"2026-01-01T00:00:00Z\", name: podinfo, namespace: hr, status: deployed, version: 1}\n"
                        + ready("Helm install succeeded"))) {
      var r = flux("reconcile hr podinfo -n hr --with-source --force --reset");
      assertThat(r.err())
          .isEqualTo(
              """
              ► annotating HelmRepository podinfo in hr namespace
              ✔ HelmRepository annotated
              ◎ waiting for HelmRepository reconciliation
              ✔ fetched revision sha256:abc
              ► annotating HelmChart hr-podinfo in hr namespace
              ✔ HelmChart annotated
              ◎ waiting for HelmChart reconciliation
              ✔ fetched revision 6.5.4
              ► annotating HelmRelease podinfo in hr namespace
              ✔ HelmRelease annotated
              ◎ waiting for HelmRelease reconciliation
              ✔ applied revision 6.5.4
              """);
      assertThat(r.exitCode()).isZero();
    }
    String requested = annotation(FluxKind.HELM_RELEASE, "hr", "podinfo", Reconciler.REQUESTED_AT);
    assertThat(annotation(FluxKind.HELM_RELEASE, "hr", "podinfo", Reconciler.FORCE_AT))
        .isEqualTo(requested);
    assertThat(annotation(FluxKind.HELM_RELEASE, "hr", "podinfo", Reconciler.RESET_AT))
        .isEqualTo(requested);
  }

  @Test
  void aFailedReconcileSaysWhyAndExitsOne() {
    gitAndKustomization("failing", "apps");
    try (var ks =
        FakeController.start(
            cluster,
            FluxKind.KUSTOMIZATION,
            "failing",
            r ->
                """
                conditions:
                - {type: Ready, status: "False", reason: BuildFailed, message: "kustomization path not found", lastTransitionTime: "2026-01-01T00:00:00Z"}
                """)) {
      var r = cluster.run("flux", "reconcile", "kustomization", "apps", "-n", "failing");
      assertFails(
          r,
          """
              ► annotating Kustomization apps in failing namespace
              ✔ Kustomization annotated
              ◎ waiting for Kustomization reconciliation
              ✗ Kustomization reconciliation failed: kustomization path not found
              """);
    }
  }

  @Test
  void aReconcileNobodyHandlesEndsAtTheTimeout() {
    gitAndKustomization("idle", "idle");
    var r =
        cluster.run("flux", "reconcile", "source", "git", "idle", "-n", "idle", "--timeout", "2s");
    assertFails(
        r,
        """
            ► annotating GitRepository idle in idle namespace
            ✔ GitRepository annotated
            ◎ waiting for GitRepository reconciliation
            ✗ context deadline exceeded
            """);
  }

  @Test
  void unknownObjectsAndSuspendedOnesAreRefused() {
    var unknown = cluster.run("flux", "reconcile", "ks", "nope");
    assertFails(unknown, "✗ kustomizations.kustomize.toolkit.fluxcd.io \"nope\" not found\n");

    var noName = cluster.run("flux", "reconcile", "hr");
    assertFails(noName, "✗ HelmRelease name is required\n");

    gitAndKustomization("paused", "paused");
    assertThat(cluster.run("flux", "suspend", "ks", "paused", "-n", "paused").exitCode()).isZero();
    var suspended = cluster.run("flux", "reconcile", "ks", "paused", "-n", "paused");
    assertFails(suspended, "✗ resource is suspended\n");
  }

  @Test
  void anOciHelmRepositoryHasNothingToReconcile() {
    cluster.namespace("oci");
    cluster.create(
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmRepository
        metadata: {name: charts, namespace: oci}
        spec: {url: "oci://ghcr.io/stefanprodan/charts", type: oci, interval: 5m}
        """);
    var r = cluster.run("flux", "reconcile", "source", "helm", "charts", "-n", "oci");
    assertThat(r.err()).isEqualTo("✔ reconciliation not supported by the object\n");
    assertThat(r.exitCode()).isZero();
  }

  @Test
  void suspendAndResume() {
    gitAndKustomization("pause", "tkfg");
    var suspend = cluster.run("flux", "suspend", "ks", "tkfg", "foo", "bar", "-n", "pause");
    assertThat(suspend.err())
        .isEqualTo(
            """
            ► suspending kustomization tkfg in pause namespace
            ✔ kustomization suspended
            ✗ Kustomization foo not found in pause namespace
            ✗ Kustomization bar not found in pause namespace
            """);
    assertThat(suspend.exitCode()).isZero();
    assertThat(spec(FluxKind.KUSTOMIZATION, "pause", "tkfg")).containsEntry("suspend", true);

    try (var ks =
        FakeController.start(cluster, FluxKind.KUSTOMIZATION, "pause", FluxReconcileIT::applied)) {
      // resume edits the spec: the stand-in controller answers the new generation
      var r = cluster.run("flux", "resume", "ks", "tkfg", "-n", "pause", "--timeout", "20s");
      assertThat(r.err())
          .isEqualTo(
              """
              ► resuming kustomization tkfg in pause namespace
              ✔ kustomization resumed
              ◎ waiting for Kustomization reconciliation
              ✔ Kustomization tkfg reconciliation completed
              ✔ applied revision 6.3.5@sha1:%s
              """
                  .formatted(SHA));
      assertThat(r.exitCode()).isZero();
    }

    var all = cluster.run("flux", "suspend", "source", "git", "--all", "-n", "pause");
    assertThat(all.err())
        .isEqualTo(
            """
            ► suspending source git tkfg in pause namespace
            ✔ source git suspended
            """);
  }

  @Test
  void deleteAsksUnlessSilent() {
    gitAndKustomization("gone", "tkfg");
    var refused =
        cluster.runWith(
            Map.of("KUBECONFIG", cluster.kubeconfig.toString()),
            "n\n",
            "flux",
            "delete",
            "ks",
            "tkfg",
            "-n",
            "gone");
    assertFails(
        refused, "? Are you sure you want to delete this kustomization? [y/N] \n✗ aborting\n");
    assertThat(cluster.get(FluxKind.KUSTOMIZATION, "gone", "tkfg")).isNotNull();

    var r = cluster.run("flux", "delete", "ks", "tkfg", "-n", "gone", "--silent");
    assertThat(r.err())
        .isEqualTo(
            """
            ► deleting kustomization tkfg in gone namespace
            ✔ kustomization deleted
            """);
    assertThat(r.exitCode()).isZero();
    assertThat(cluster.get(FluxKind.KUSTOMIZATION, "gone", "tkfg")).isNull();
    assertThat(cluster.get(FluxKind.GIT_REPOSITORY, "gone", "tkfg")).isNotNull();
  }

  @Test
  void exportPrintsCleanYaml() {
    gitAndKustomization("exp", "podinfo");
    cluster.status(FluxKind.KUSTOMIZATION, "exp", "podinfo", applied(null));
    var r = cluster.run("flux", "export", "ks", "podinfo", "-n", "exp");
    assertPrints(
        r,
        """
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              labels:
                team: a
              name: podinfo
              namespace: exp
            spec:
              force: false
              interval: 10m0s
              path: ./kustomize
              prune: true
              sourceRef:
                kind: GitRepository
                name: podinfo
            """);

    var all = cluster.run("flux", "export", "source", "git", "--all", "-n", "exp");
    assertThat(all.out())
        .isEqualTo(
            """
            ---
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata:
              name: podinfo
              namespace: exp
            spec:
              interval: 1m0s
              ref:
                branch: master
              url: https://github.com/stefanprodan/podinfo
            """);

    var none = cluster.run("flux", "export", "hr", "--all", "-n", "exp");
    assertFails(none, "✗ no objects found in exp namespace\n");
  }

  @Test
  void exportWithCredentialsAddsTheSourcesSecret() {
    cluster.namespace("expc");
    cluster.create(
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: podinfo-auth, namespace: expc, labels: {team: a}}
        type: Opaque
        stringData: {username: git, password: s3cret}
        """);
    cluster.create(
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata: {name: podinfo, namespace: expc}
        spec: {url: https://example.org/podinfo, interval: 1m0s, ref: {branch: main}, secretRef: {name: podinfo-auth}}
        """);
    var r =
        cluster.run(
            "flux", "export", "source", "git", "podinfo", "-n", "expc", "--with-credentials");
    assertPrints(
        r,
        """
            ---
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata:
              name: podinfo
              namespace: expc
            spec:
              interval: 1m0s
              ref:
                branch: main
              secretRef:
                name: podinfo-auth
              url: https://example.org/podinfo
            ---
            apiVersion: v1
            data:
              password: czNjcmV0
              username: Z2l0
            kind: Secret
            metadata:
              name: podinfo-auth
              namespace: expc
            type: Opaque
            """);
    var plain = cluster.run("flux", "export", "source", "git", "podinfo", "-n", "expc");
    assertThat(plain.out()).doesNotContain("kind: Secret");
    var notForKs =
        cluster.run("flux", "export", "ks", "podinfo", "-n", "expc", "--with-credentials");
    assertThat(notForKs.exitCode()).isNotZero();
    assertThat(notForKs.err()).contains("--with-credentials");

    cluster.client().secrets().inNamespace("expc").withName("podinfo-auth").delete();
    var gone =
        cluster.run(
            "flux", "export", "source", "git", "podinfo", "-n", "expc", "--with-credentials");
    assertFails(
        gone,
        "✗ failed to retrieve secret podinfo-auth, error: secrets \"podinfo-auth\" not found\n");
  }
}
