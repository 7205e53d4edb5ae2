package io.flotilla.controllers;

import static io.flotilla.controllers.RunningControllers.CONVERGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.fluxconfig.FluxConfig;
import io.flotilla.testkit.git.GitRepoFixture;
import io.flotilla.testkit.git.SshGitServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ssh configuration given no key, as Azure runs it: the controller generates a key pair, reports
 * its public half as {@code repositoryPublicKey}, and once that key is a deploy key of the server
 * (appended to the test sshd's authorized_keys) the configuration syncs. The key outlives a
 * controller restart and goes with the configuration.
 */
class GeneratedSshKeyIT {
  @RegisterExtension
  static final RunningControllers cluster = RunningControllers.with(o -> o.withMultiTenancy(true));

  @TempDir static Path tmp;
  static KubernetesClient client;
  @AutoClose static SshGitServer sshd;
  static GitRepoFixture repo;

  @BeforeAll
  static void start() {
    assumeTrue(SshGitServer.available(), "openssh-server is not installed");
    repo = GitRepoFixture.create(tmp, "app");
    repo.commit("deploy/app.yaml", appConfigMap("1"), "a complete ConfigMap");
    repo.commit(
        "deploy/kustomization.yaml",
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: default\nresources:\n  - app.yaml\n",
        "kustomization");
    repo.push("main");
    sshd = SshGitServer.start(tmp.resolve("sshd"), tmp.resolve("repos"));
    client = cluster.client();
  }

  private static FluxConfig get(String name) {
    return cluster.get(FluxConfig.class, name);
  }

  @Test
  void aGeneratedKeyIsReportedAndSyncsOnceTheServerTrustsIt() throws Exception {
    String knownHosts =
        Base64.getEncoder().encodeToString(sshd.knownHostsLine().getBytes(StandardCharsets.UTF_8));
    FluxConfig config =
        FluxConfigs.of(
            "default",
            "keyed",
            "/subscriptions/s/x/keyed",
            1L,
            FluxConfigs.mainBranch(sshd.url("app"), 30L, 2L, knownHosts),
            Map.of("app", FluxConfigs.kustomization("app", "./deploy", 30L, 2L)));
    client.resource(config).create();

    // Before the server knows the key: a public key to register, and a failed fetch.
    FluxConfigs.awaitStatus(
        cluster,
        "keyed",
        c -> {
          assertThat(c.getStatus().repositoryPublicKey()).startsWith("ssh-rsa AAAA");
          assertThat(c.getStatus().complianceState()).isEqualTo("Non-Compliant");
          var source = FluxConfigs.status(c, "GitRepository");
          assertThat(source.statusConditions().get(0).status()).isEqualTo("False");
        });
    String publicKey = get("keyed").getStatus().repositoryPublicKey();
    assertThat(publicKey.split(" ")).hasSizeGreaterThanOrEqualTo(2);
    var keySecret = client.secrets().inNamespace("default").withName("keyed-ssh-key").get();
    assertThat(keySecret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getKind() + "/" + o.getName()).isEqualTo("FluxConfig/keyed"));

    sshd.authorize(publicKey);
    FluxConfigs.awaitStatus(
        cluster,
        "keyed",
        c -> {
          FluxConfigs.assertCompliant(c);
          assertThat(c.getStatus().sourceSyncedCommitId()).isEqualTo("main/" + repo.head());
        });
    assertThat(client.configMaps().inNamespace("default").withName("app").get()).isNotNull();

    // A restarted controller keeps the key the server was given.
    cluster.stop();
    cluster.start();
    String head = repo.commit("deploy/app.yaml", appConfigMap("2"), "second");
    repo.push("main");
    FluxConfigs.awaitStatus(
        cluster,
        "keyed",
        c -> {
          assertThat(c.getStatus().sourceSyncedCommitId()).isEqualTo("main/" + head);
          assertThat(c.getStatus().complianceState()).isEqualTo("Compliant");
        });
    assertThat(get("keyed").getStatus().repositoryPublicKey()).isEqualTo(publicKey);
    assertThat(
            client
                .resources(GitRepository.class)
                .inNamespace("default")
                .withName("keyed")
                .get()
                .getSpec()
                .secretRef()
                .name())
        .isEqualTo("keyed-auth");

    client.resources(FluxConfig.class).inNamespace("default").withName("keyed").delete();
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(get("keyed")).isNull();
              assertThat(client.secrets().inNamespace("default").withName("keyed-ssh-key").get())
                  .isNull();
            });
  }

  private static String appConfigMap(String v) {
    return "kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: app\ndata:\n  v: \"" + v + "\"\n";
  }
}
