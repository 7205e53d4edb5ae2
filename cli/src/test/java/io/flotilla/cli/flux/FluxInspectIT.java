package io.flotilla.cli.flux;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.cli.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code flotilla flux tree|trace|events|stats|check|version} against the embedded API. */
class FluxInspectIT extends FluxClusterIT {
  static final String SHA = "696f056df216eea4f9401adbee0ff744d4df390f";
  static final String READY_AT = "2026-01-01T00:00:00Z";

  @BeforeAll
  static void objects() {
    cluster.namespace("shop");
    cluster.podinfoSource("flux-system", "podinfo", "master");
    cluster.status(
        FluxKind.GIT_REPOSITORY,
        "flux-system",
        "podinfo",
        """
        artifact: {revision: "master@sha1:%s", path: p, url: http://x/p, digest: "sha256:0", lastUpdateTime: "%s", size: 2048}
        conditions:
        - {type: Ready, status: "True", reason: Succeeded, message: "stored artifact for revision 'master@sha1:%s'", lastTransitionTime: "%s"}
        """
            .formatted(SHA, READY_AT, SHA, READY_AT));
    for (String ks : new String[] {"apps", "infra"}) {
      cluster.create(
          """
          apiVersion: kustomize.toolkit.fluxcd.io/v1
          kind: Kustomization
          metadata: {name: %s, namespace: flux-system}
          spec: {interval: 10m, path: ./%s, prune: true, sourceRef: {kind: GitRepository, name: podinfo}}
          """
              .formatted(ks, ks));
    }
    cluster.status(
        FluxKind.KUSTOMIZATION,
        "flux-system",
        "apps",
        """
        lastAppliedRevision: "master@sha1:%s"
        inventory:
          entries:
          - {id: _shop__Namespace, v: v1}
          - {id: shop_podinfo_apps_Deployment, v: v1}
          - {id: flux-system_infra_kustomize.toolkit.fluxcd.io_Kustomization, v: v1}
          - {id: shop_podinfo_helm.toolkit.fluxcd.io_HelmRelease, v: v2}
        conditions:
        - {type: Ready, status: "True", reason: ReconciliationSucceeded, message: "Applied revision: master@sha1:%s", lastTransitionTime: "%s"}
        """
            .formatted(SHA, SHA, READY_AT));
    cluster.status(
        FluxKind.KUSTOMIZATION,
        "flux-system",
        "infra",
        """
        inventory:
          entries:
          - {id: shop_redis_apps_Deployment, v: v1}
        conditions:
        - {type: Ready, status: "False", reason: HealthCheckFailed, message: "timeout waiting for: [Deployment/shop/redis status: 'InProgress']", lastTransitionTime: "%s"}
        """
            .formatted(READY_AT));
    cluster.create(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: podinfo
          namespace: shop
          labels: {kustomize.toolkit.fluxcd.io/name: apps, kustomize.toolkit.fluxcd.io/namespace: flux-system}
        spec:
          selector: {matchLabels: {app: podinfo}}
          template:
            metadata: {labels: {app: podinfo}}
            spec: {containers: [{name: podinfo, image: ghcr.io/stefanprodan/podinfo:6.5.4}]}
        """);
    cluster.create(
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: handmade, namespace: shop}
        data: {a: b}
        """);
    for (Event e :
        new Event[] {
          new Event(
              "flux-system",
              "e1",
              "Kustomization",
              "apps",
              "Normal",
              "ReconciliationSucceeded",
              "Reconciliation finished"),
          new Event(
              "flux-system",
              "e2",
              "GitRepository",
              "podinfo",
              "Normal",
              "NewArtifact",
              "stored artifact"),
          new Event(
              "flux-system",
              "e3",
              "Deployment",
              "podinfo",
              "Normal",
              "ScalingReplicaSet",
              "not a Flux object"),
          new Event(
              "flux-system",
              "e4",
              "Kustomization",
              "infra",
              "Warning",
              "HealthCheckFailed",
              "timeout"),
        }) {
      cluster.create(e.yaml());
    }
  }

  /** An Event from kustomize-controller about {@code kind/object}, last seen ten days ago. */
  private record Event(
      String namespace,
      String name,
      String kind,
      String object,
      String type,
      String reason,
      String message) {
    String yaml() {
      String tenDaysAgo =
          Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
      return """
          apiVersion: v1
          kind: Event
          metadata: {name: %s, namespace: %s}
          involvedObject: {kind: %s, name: %s, namespace: %s}
          type: %s
          reason: %s
          message: %s
          firstTimestamp: "%s"
          lastTimestamp: "%s"
          count: 1
          source: {component: kustomize-controller}
          """
          .formatted(
              name,
              namespace,
              kind,
              object,
              namespace,
              type,
              reason,
              message,
              tenDaysAgo,
              tenDaysAgo);
    }
  }

  @Test
  void treeFollowsNestedKustomizations() {
    var r = cluster.run("flux", "tree", "kustomization", "apps");
    assertPrints(
        r,
        """
            Kustomization/flux-system/apps
            ├── Namespace/shop
            ├── Deployment/shop/podinfo
            ├── Kustomization/flux-system/infra
            │   └── Deployment/shop/redis
            └── HelmRelease/shop/podinfo

            """);
    var compact = cluster.run("flux", "tree", "ks", "apps", "--compact");
    assertThat(compact.out())
        .isEqualTo(
            """
            Kustomization/flux-system/apps
            ├── Kustomization/flux-system/infra
            └── HelmRelease/shop/podinfo

            """);
    var missing = cluster.run("flux", "tree", "ks", "nope");
    assertFails(missing, "✗ kustomizations.kustomize.toolkit.fluxcd.io \"nope\" not found\n");
  }

  @Test
  void traceNamesTheKustomizationAndItsSource() {
    String at =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z z")
            .format(Instant.parse(READY_AT).atZone(ZoneId.systemDefault()));
    var r = cluster.run("flux", "trace", "deployment/podinfo", "-n", "shop");
    assertPrints(
        r,
        """

            Object:         Deployment/podinfo
            Namespace:      shop
            Status:         Managed by Flux
            ---
            Kustomization:  apps
            Namespace:      flux-system
            Path:           ./apps
            Revision:       master@sha1:%s
            Status:         Last reconciled at %s
            Message:        Applied revision: master@sha1:%s
            ---
            GitRepository:  podinfo
            Namespace:      flux-system
            URL:            https://github.com/stefanprodan/podinfo
            Branch:         master
            Revision:       master@sha1:%s
            Status:         Last reconciled at %s
            Message:        stored artifact for revision 'master@sha1:%s'
            """
            .formatted(SHA, at, SHA, SHA, at, SHA));

    var byFlag =
        cluster.run(
            "flux", "trace", "podinfo", "--kind=Deployment", "--api-version=apps/v1", "-n", "shop");
    assertThat(byFlag.out()).isEqualTo(r.out());

    var unmanaged = cluster.run("flux", "trace", "configmap/handmade", "-n", "shop");
    assertFails(unmanaged, "✗ object not managed by Flux\n");
  }

  @Test
  void traceFollowsAHelmReleaseToItsChartAndRepository() {
    cluster.podinfoHelmChain("shop");
    cluster.status(
        FluxKind.HELM_REPOSITORY,
        "shop",
        "podinfo",
        """
        artifact: {revision: "sha256:abc", path: p, url: http://x/p, digest: "sha256:abc", lastUpdateTime: "%s"}
        conditions:
        - {type: Ready, status: "True", reason: Succeeded, message: stored artifact, lastTransitionTime: "%s"}
        """
            .formatted(READY_AT, READY_AT));
    cluster.status(
        FluxKind.HELM_CHART,
        "shop",
        "shop-podinfo",
        """
        artifact: {revision: "6.5.4", path: p, url: http://x/p, digest: "sha256:abc", lastUpdateTime: "%s"}
        conditions:
        - {type: Ready, status: "True", reason: ChartPullSucceeded, message: "pulled 'podinfo' chart with version '6.5.4'", lastTransitionTime: "%s"}
        """
            .formatted(READY_AT, READY_AT));
    cluster.status(
        FluxKind.HELM_RELEASE,
        "shop",
        "podinfo",
        """
        helmChart: shop/shop-podinfo
        history:
        - {chartName: podinfo, chartVersion: 6.5.4, appVersion: 6.5.4, configDigest: "sha256:0", digest: "sha256:0", firstDeployed: "%s", lastDeployed: "%s", name: podinfo, namespace: shop, status: deployed, version: 1}
        conditions:
        - {type: Ready, status: "True", reason: InstallSucceeded, message: "Helm install succeeded", lastTransitionTime: "%s"}
        """
            .formatted(READY_AT, READY_AT, READY_AT));
    cluster.create(
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: chart-made
          namespace: shop
          labels: {helm.toolkit.fluxcd.io/name: podinfo, helm.toolkit.fluxcd.io/namespace: shop}
        data: {a: b}
        """);
    String at =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z z")
            .format(Instant.parse(READY_AT).atZone(ZoneId.systemDefault()));
    var r = cluster.run("flux", "trace", "cm/chart-made", "-n", "shop");
    assertPrints(
        r,
        """

            Object:         ConfigMap/chart-made
            Namespace:      shop
            Status:         Managed by Flux
            ---
            HelmRelease:    podinfo
            Namespace:      shop
            Revision:       6.5.4
            Status:         Last reconciled at %s
            Message:        Helm install succeeded
            ---
            HelmChart:      shop-podinfo
            Namespace:      shop
            Chart:          podinfo
            Version:        6.x
            Revision:       6.5.4
            Status:         Last reconciled at %s
            Message:        pulled 'podinfo' chart with version '6.5.4'
            ---
            HelmRepository: podinfo
            Namespace:      shop
            URL:            https://stefanprodan.github.io/podinfo
            Revision:       sha256:abc
            Status:         Last reconciled at %s
            Message:        stored artifact
            """
            .formatted(at, at, at));
  }

  @Test
  void treeAsJsonAndYamlIsFluxsObjectTree() {
    var json = cluster.run("flux", "tree", "ks", "apps", "--compact", "-o", "json");
    assertPrints(
        json,
        """
            {
              "resource": {
                "Namespace": "flux-system",
                "Name": "apps",
                "GroupKind": {
                  "Group": "kustomize.toolkit.fluxcd.io",
                  "Kind": "Kustomization"
                }
              },
              "resources": [
                {
                  "resource": {
                    "Namespace": "flux-system",
                    "Name": "infra",
                    "GroupKind": {
                      "Group": "kustomize.toolkit.fluxcd.io",
                      "Kind": "Kustomization"
                    }
                  }
                },
                {
                  "resource": {
                    "Namespace": "shop",
                    "Name": "podinfo",
                    "GroupKind": {
                      "Group": "helm.toolkit.fluxcd.io",
                      "Kind": "HelmRelease"
                    }
                  }
                }
              ]
            }
            """);
    var yaml = cluster.run("flux", "tree", "ks", "apps", "--compact", "-o", "yaml");
    assertThat(yaml.out())
        .isEqualTo(
            """
            resource:
              GroupKind:
                Group: kustomize.toolkit.fluxcd.io
                Kind: Kustomization
              Name: apps
              Namespace: flux-system
            resources:
            - resource:
                GroupKind:
                  Group: kustomize.toolkit.fluxcd.io
                  Kind: Kustomization
                Name: infra
                Namespace: flux-system
            - resource:
                GroupKind:
                  Group: helm.toolkit.fluxcd.io
                  Kind: HelmRelease
                Name: podinfo
                Namespace: shop

            """);
    var full = cluster.run("flux", "tree", "ks", "apps", "-o", "json");
    assertThat(full.out())
        .contains(
            """
                {
                  "resource": {
                    "Namespace": "",
                    "Name": "shop",
                    "GroupKind": {
                      "Group": "",
                      "Kind": "Namespace"
                    }
                  }
                },
            """);
    var bad = cluster.run("flux", "tree", "ks", "apps", "-o", "table");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.out()).isEmpty();
  }

  @Test
  void eventsWatchStreamsEachNewEventUntilTheTimeout() throws Exception {
    cluster.namespace("stream");
    var running = cluster.start("flux", "events", "-n", "stream", "--watch", "--timeout", "4s");
    cluster.create(
        new Event(
                "stream",
                "s1",
                "Kustomization",
                "web",
                "Warning",
                "BuildFailed",
                "kustomize build failed")
            .yaml());
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(3))
        .until(() -> running.out().toString().contains("BuildFailed"));
    cluster.create(
        new Event("stream", "s2", "Deployment", "web", "Normal", "ScalingReplicaSet", "not Flux")
            .yaml());
    cluster.create(
        new Event(
                "stream",
                "s3",
                "Kustomization",
                "web",
                "Normal",
                "ReconciliationSucceeded",
                "Reconciliation finished")
            .yaml());
    var r = running.result().get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(r.exitCode()).isZero();
    assertPrints(
        r,
        """
            LAST SEEN\tTYPE   \tREASON     \tOBJECT           \tMESSAGE               \s
            10d      \tWarning\tBuildFailed\tKustomization/web\tkustomize build failed\t
            10d\tNormal\tReconciliationSucceeded\tKustomization/web\tReconciliation finished\t
            """);
  }

  @Test
  void eventsOfFluxObjectsOnly() {
    var r = cluster.run("flux", "events");
    assertPrints(
        r,
        """
            LAST SEEN\tTYPE   \tREASON                 \tOBJECT               \tMESSAGE                \s
            10d      \tNormal \tReconciliationSucceeded\tKustomization/apps   \tReconciliation finished\t
            10d      \tNormal \tNewArtifact            \tGitRepository/podinfo\tstored artifact        \t
            10d      \tWarning\tHealthCheckFailed      \tKustomization/infra  \ttimeout                \t
            """);

    var forKs = cluster.run("flux", "events", "--for", "Kustomization/apps", "--types", "Normal");
    assertThat(forKs.out())
        .isEqualTo(
            """
            LAST SEEN\tTYPE  \tREASON                 \tOBJECT               \tMESSAGE                \s
            10d      \tNormal\tReconciliationSucceeded\tKustomization/apps   \tReconciliation finished\t
            10d      \tNormal\tNewArtifact            \tGitRepository/podinfo\tstored artifact        \t
            """);

    var none = cluster.run("flux", "events", "-n", "shop");
    assertThat(none.err()).isEqualTo("✗ No events found in shop namespace.\n");
    assertThat(none.exitCode()).isZero();

    var badKind = cluster.run("flux", "events", "--for", "Deployment/podinfo");
    assertFails(badKind, "✗ 'Deployment' is not a recognized Flux kind\n");
  }

  @Test
  void statsCountsPerReconciler() {
    var r = cluster.run("flux", "stats");
    assertPrints(
        r,
        """
            RECONCILERS          \tRUNNING\tFAILING\tSUSPENDED\tSTORAGE\s
            GitRepository        \t1      \t0      \t0        \t2.0 KiB\t
            OCIRepository        \t0      \t0      \t0        \t-      \t
            HelmRepository       \t0      \t0      \t0        \t-      \t
            HelmChart            \t0      \t0      \t0        \t-      \t
            Bucket               \t0      \t0      \t0        \t-      \t
            Kustomization        \t2      \t1      \t0        \t-      \t
            HelmRelease          \t0      \t0      \t0        \t-      \t
            Alert                \t0      \t0      \t0        \t-      \t
            Provider             \t0      \t0      \t0        \t-      \t
            Receiver             \t0      \t0      \t0        \t-      \t
            ImageUpdateAutomation\t0      \t0      \t0        \t-      \t
            ImagePolicy          \t0      \t0      \t0        \t-      \t
            ImageRepository      \t0      \t0      \t0        \t-      \t
            """);
  }

  @Test
  void diffBuildsDryRunsAndReportsEveryChange() throws Exception {
    Path local = localKustomize("local-apps", "deployment.yaml, settings.yaml");
    Files.writeString(
        local.resolve("deployment.yaml"),
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: podinfo, namespace: shop}
        spec:
          replicas: 2
          selector: {matchLabels: {app: podinfo}}
          template:
            metadata: {labels: {app: podinfo}}
            spec: {containers: [{name: podinfo, image: ghcr.io/stefanprodan/podinfo:6.5.4}]}
        """);
    Files.writeString(
        local.resolve("settings.yaml"),
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: shop}
        data: {color: blue}
        """);
    var r = cluster.run("flux", "diff", "kustomization", "apps", "--path", local.toString());
    assertThat(r.out())
        .isEqualTo(
            """
            ► ConfigMap/shop/settings created
            ► Deployment/shop/podinfo drifted

            spec.replicas
            ± value change
            - 1
            + 2

            ► Namespace/shop deleted
            ► Kustomization/flux-system/infra deleted
            ► HelmRelease/shop/podinfo deleted
            """);
    assertFails(r, "✗ identified at least one change, exiting with non-zero exit code\n");
    assertThat(cluster.client().configMaps().inNamespace("shop").withName("settings").get())
        .as("a dry run writes nothing")
        .isNull();

    Files.writeString(local.resolve("kustomization.yaml"), "resources: [settings.yaml]\n");
    cluster.create(
        """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata: {name: same, namespace: shop}
        spec: {interval: 10m, path: ./same, prune: false, sourceRef: {kind: GitRepository, name: podinfo}}
        """);
    cluster.create(
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: shop
          labels: {kustomize.toolkit.fluxcd.io/name: same, kustomize.toolkit.fluxcd.io/namespace: shop}
        data: {color: blue}
        """);
    var same = cluster.run("flux", "diff", "ks", "same", "-n", "shop", "--path", local.toString());
    assertThat(same.out()).isEmpty();
    assertThat(same.err()).isEmpty();
    assertThat(same.exitCode()).isZero();

    var badPath = cluster.run("flux", "diff", "ks", "apps", "--path", "/no/such/dir");
    assertFails(badPath, "✗ invalid resource path \"/no/such/dir\"\n");
  }

  @Test
  void diffMasksSopsEncryptedSecretsAndReportsOnlyTheirKeysAsFluxDoes() throws Exception {
    cluster.namespace("sealed");
    Path local = localKustomize("local-sops", "creds.yaml");
    String encrypted =
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: creds, namespace: sealed}
        data:
          user: ENC[AES256_GCM,data:3q2+7w==,iv:AAAAAAAAAAAAAAAAAAAAAA==,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]
          password: ENC[AES256_GCM,data:3q2+7w==,iv:AAAAAAAAAAAAAAAAAAAAAA==,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]
        %s
        sops:
          age:
          - recipient: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p
            enc: |
              -----BEGIN AGE ENCRYPTED FILE-----
              -----END AGE ENCRYPTED FILE-----
          lastmodified: "2026-12-01T10:00:00Z"
          mac: ENC[AES256_GCM,data:3q2+7w==,iv:AAAAAAAAAAAAAAAAAAAAAA==,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]
          version: 3.9.0
        """;
    Files.writeString(local.resolve("creds.yaml"), encrypted.formatted(""));
    podinfoRootKustomization(
        "sealed", "decryption: {provider: sops, secretRef: {name: sops-keys}}\n");
    cluster.create(
        """
        apiVersion: v1
        kind: Secret
        metadata:
          name: creds
          namespace: sealed
          labels: {kustomize.toolkit.fluxcd.io/name: sealed, kustomize.toolkit.fluxcd.io/namespace: sealed}
        stringData: {user: admin, password: hunter2}
        """);
    var same = diffOwnNamespace("sealed", local);
    assertThat(same.out()).isEmpty();
    assertThat(same.exitCode()).isZero();

    Files.writeString(
        local.resolve("creds.yaml"),
        encrypted.formatted(
            "  token: ENC[AES256_GCM,data:3q2+7w==,iv:AAAAAAAAAAAAAAAAAAAAAA==,"
                + "tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]"));
    var added = diffOwnNamespace("sealed", local);
    assertThat(added.out())
        .isEqualTo(
            """
            ► Secret/sealed/creds drifted

            data
            + one map entry added:
            token: '******'

            """);
    assertThat(added.exitCode()).isEqualTo(1);
  }

  @Test
  void diffSubstitutesPostBuildVariablesAsTheControllerDoes() throws Exception {
    cluster.namespace("vars");
    Path local = localKustomize("local-vars", "settings.yaml");
    Files.writeString(
        local.resolve("settings.yaml"),
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: vars}
        data: {color: "${color}", env: "${env}", size: "${size}", zone: "${zone:=eu-1}"}
        """);
    cluster.create(
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cluster-vars, namespace: vars}
        data: {color: green, env: dev}
        """);
    cluster.create(
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: cluster-secrets, namespace: vars}
        stringData: {size: large}
        """);
    podinfoRootKustomization(
        "vars",
        """
        postBuild:
          substitute: {env: prod}
          substituteFrom:
          - {kind: ConfigMap, name: cluster-vars}
          - {kind: Secret, name: cluster-secrets}
          - {kind: ConfigMap, name: absent, optional: true}
        """);
    cluster.create(
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: vars
          labels: {kustomize.toolkit.fluxcd.io/name: vars, kustomize.toolkit.fluxcd.io/namespace: vars}
        data: {color: blue, env: prod, size: large, zone: eu-1}
        """);
    var r = diffOwnNamespace("vars", local);
    assertThat(r.out())
        .isEqualTo(
            """
            ► ConfigMap/vars/settings drifted

            data.color
            ± value change
            - blue
            + green

            """);
    assertThat(r.exitCode()).isEqualTo(1);

    cluster
        .client()
        .configMaps()
        .inNamespace("vars")
        .withName("cluster-vars")
        .edit(
            cm -> {
              cm.getData().put("color", "blue");
              return cm;
            });
    var same = diffOwnNamespace("vars", local);
    assertThat(same.out()).isEmpty();
    assertThat(same.exitCode()).isZero();

    cluster.client().secrets().inNamespace("vars").withName("cluster-secrets").delete();
    var missing = diffOwnNamespace("vars", local);
    assertFails(
        missing,
        "✗ substitute from 'Secret/cluster-secrets' error: secrets \"cluster-secrets\" not"
            + " found\n");
  }

  /** A directory {@code dir/<name>} whose {@code kustomization.yaml} lists {@code resources}. */
  private static Path localKustomize(String name, String resources) throws IOException {
    Path local = Files.createDirectories(dir.resolve(name));
    Files.writeString(local.resolve("kustomization.yaml"), "resources: [" + resources + "]\n");
    return local;
  }

  /**
   * Kustomization {@code <name>} in namespace {@code <name>} of podinfo's root, without pruning;
   * {@code moreSpec} is YAML added to its spec.
   */
  private static void podinfoRootKustomization(String name, String moreSpec) {
    cluster.create(
        """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata: {name: %1$s, namespace: %1$s}
        spec:
          interval: 10m
          path: ./
          prune: false
          sourceRef: {kind: GitRepository, name: podinfo}
        %2$s"""
            .formatted(name, moreSpec.indent(2)));
  }

  /** {@code flux diff ks <name> -n <name> --path <local>}. */
  private static CliRunner.Result diffOwnNamespace(String name, Path local) {
    return cluster.run("flux", "diff", "ks", name, "-n", name, "--path", local.toString());
  }

  @Test
  void checkAndVersion() {
    var check = cluster.run("flux", "check");
    assertThat(check.exitCode()).isZero();
    assertThat(check.err())
        .matches(
            """
            ► checking prerequisites
            ✔ Kubernetes 1\\.\\d+\\.\\d+\\S* >=1\\.30\\.0-0
            ► checking version in cluster
            ✔ distribution: flotilla-v\\S+
            ► checking crds
            ✔ buckets.source.toolkit.fluxcd.io/v1
            ✔ gitrepositories.source.toolkit.fluxcd.io/v1
            ✔ helmcharts.source.toolkit.fluxcd.io/v1
            ✔ helmreleases.helm.toolkit.fluxcd.io/v2
            ✔ helmrepositories.source.toolkit.fluxcd.io/v1
            ✔ kustomizations.kustomize.toolkit.fluxcd.io/v1
            ✔ ocirepositories.source.toolkit.fluxcd.io/v1
            ✔ all checks passed
            """);

    var version = cluster.run("flux", "version", "--client");
    assertThat(version.out()).matches("flux: v\\S+\n");
    assertThat(version.exitCode()).isZero();
  }
}
