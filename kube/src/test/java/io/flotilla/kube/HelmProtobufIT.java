package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.ReleaseHistory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Helm's own client code (helm-java runs Helm 3.21 and its client-go in process) against the
 * embedded API through a kubeconfig: its release Secrets go over the wire in protobuf.
 */
class HelmProtobufIT {
  @AutoClose static EmbeddedKubeApi kube;
  static final Set<String> contentTypes = ConcurrentHashMap.newKeySet();
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    kube = EmbeddedKubeApi.start(KubeApiOptions.defaults());
    kube.onRequest(
        r -> {
          System.err.println(
              "REQ "
                  + r.method()
                  + " "
                  + r.path()
                  + " ct="
                  + r.contentType()
                  + " ua="
                  + r.userAgent());
          if (r.contentType() != null) {
            contentTypes.add(r.method() + " " + r.contentType());
          }
        });
    kube.writeKubeconfig(dir.resolve("kubeconfig"));
  }

  @Test
  void installListHistoryUpgradeAndUninstallATinyChart() throws Exception {
    Path chart = tinyChart();
    Path kubeconfig = dir.resolve("kubeconfig");

    Release installed =
        new Helm(chart)
            .install()
            .withName("tiny")
            .withNamespace("helm-it")
            .createNamespace()
            .withKubeConfig(kubeconfig)
            .call();
    assertThat(installed.getStatus()).isEqualTo("deployed");
    assertThat(installed.getRevision()).isEqualTo("1");
    assertThat(contentTypes).contains("POST application/vnd.kubernetes.protobuf");

    List<Release> all = Helm.list().allNamespaces().withKubeConfig(kubeconfig).call();
    assertThat(all)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getName()).isEqualTo("tiny");
              assertThat(r.getNamespace()).isEqualTo("helm-it");
              assertThat(r.getStatus()).isEqualTo("deployed");
              assertThat(r.getChart()).isEqualTo("tiny-0.1.0");
            });

    Release upgraded =
        new Helm(chart)
            .upgrade()
            .withName("tiny")
            .withNamespace("helm-it")
            .set("greeting", "bonjour")
            .withKubeConfig(kubeconfig)
            .call();
    assertThat(upgraded.getRevision()).isEqualTo("2");
    try (var client = KubeTestSupport.clientFor(kube)) {
      assertThat(client.configMaps().inNamespace("helm-it").withName("tiny-config").get().getData())
          .containsEntry("greeting", "bonjour");
      assertThat(client.secrets().inNamespace("helm-it").withName("tiny-secret").get().getData())
          .containsEntry("password", "czNjcjN0");
    }

    // Helm waits for the test Pod to finish, and throws when it fails
    Release tested =
        Helm.test("tiny")
            .withNamespace("helm-it")
            .withTimeout(30)
            .withKubeConfig(kubeconfig)
            .call();
    assertThat(tested.getStatus()).isEqualTo("deployed");
    try (var client = KubeTestSupport.clientFor(kube)) {
      assertThat(
              client
                  .pods()
                  .inNamespace("helm-it")
                  .withName("tiny-test")
                  .get()
                  .getStatus()
                  .getPhase())
          .isEqualTo("Succeeded");
      assertThat(
              client
                  .batch()
                  .v1()
                  .jobs()
                  .inNamespace("helm-it")
                  .withName("tiny-migrate")
                  .get()
                  .getStatus()
                  .getSucceeded())
          .isEqualTo(1);
    }

    List<ReleaseHistory> history =
        Helm.history("tiny").withNamespace("helm-it").withKubeConfig(kubeconfig).call();
    assertThat(history)
        .extracting(ReleaseHistory::getRevision, ReleaseHistory::getStatus)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "superseded"),
            org.assertj.core.groups.Tuple.tuple(2, "deployed"));

    String out = Helm.uninstall("tiny").withNamespace("helm-it").withKubeConfig(kubeconfig).call();
    assertThat(out).contains("release \"tiny\" uninstalled");
    assertThat(Helm.list().allNamespaces().withKubeConfig(kubeconfig).call()).isEmpty();
  }

  private static Path tinyChart() throws Exception {
    Path chart = dir.resolve("tiny");
    Files.createDirectories(chart.resolve("templates"));
    Files.writeString(
        chart.resolve("Chart.yaml"),
        """
        apiVersion: v2
        name: tiny
        version: 0.1.0
        appVersion: "1.0"
        """,
        StandardCharsets.UTF_8);
    Files.writeString(chart.resolve("values.yaml"), "greeting: hello\n", StandardCharsets.UTF_8);
    Files.writeString(
        chart.resolve("templates/config.yaml"),
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-config
        data:
          greeting: {{ .Values.greeting | quote }}
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: {{ .Release.Name }}-secret
        stringData:
          password: s3cr3t
        """,
        StandardCharsets.UTF_8);
    // hooks that must finish: a post-install Job Helm waits for, and a test Pod
    Files.writeString(
        chart.resolve("templates/hooks.yaml"),
        """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: {{ .Release.Name }}-migrate
          annotations:
            helm.sh/hook: post-install,post-upgrade
            helm.sh/hook-delete-policy: before-hook-creation
        spec:
          backoffLimit: 1
          template:
            spec:
              restartPolicy: Never
              containers:
              - {name: migrate, image: "busybox:1", command: ["true"]}
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{ .Release.Name }}-test
          annotations:
            helm.sh/hook: test
        spec:
          restartPolicy: Never
          containers:
          - {name: check, image: "busybox:1", command: ["true"]}
        """,
        StandardCharsets.UTF_8);
    return chart;
  }
}
