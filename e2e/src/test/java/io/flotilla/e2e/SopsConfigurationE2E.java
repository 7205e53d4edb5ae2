package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.app.up.Flotilla;
import io.flotilla.testkit.sops.SopsTestWriter;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Flotilla's decryption extension of the configuration API, end to end on `flotilla up`: a
 * configuration PUT over REST whose Kustomization opts into SOPS with a secret reference reaches
 * the agent, the FluxConfig controller writes {@code Kustomization.spec.decryption}, and an
 * age-encrypted Secret committed to the repository is applied decrypted. The plaintext appears
 * nowhere else: not in the configuration's REST answers or the CLI's, not in events, not in any log
 * line of the whole process.
 */
class SopsConfigurationE2E {
  private static final Duration CONVERGE = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NS = "sops-demo";
  private static final String PLAINTEXT = "e2e-plaintext-" + Long.toHexString(System.nanoTime());

  /**
   * The data key of Flux's published {@code flux-age.yaml} (sops/src/test/resources/published),
   * which its age stanza below wraps for the key in {@code flux-age.agekey}: new values encrypted
   * with it are a document the real sops could have written for that recipient.
   */
  private static final byte[] FLUX_AGE_DATA_KEY =
      HexFormat.of().parseHex("558e95c88337865c839703a4e892c03eed324ae6bbcb65c2989558e1a55825bb");

  private static final Path PUBLISHED = Path.of("../sops/src/test/resources/published");

  @TempDir static Path dir;
  static TutorialCluster cluster;
  static Flotilla flotilla;
  static final List<String> leaks = new CopyOnWriteArrayList<>();
  static final AtomicInteger flotillaLines = new AtomicInteger();
  static AppenderBase<ILoggingEvent> watch;

  @BeforeAll
  static void up() throws Exception {
    // every log line of the process, whichever component writes it, is checked for the plaintext
    watch =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent e) {
            String line =
                e.getFormattedMessage()
                    + (e.getThrowableProxy() == null
                        ? ""
                        : ThrowableProxyUtil.asString(e.getThrowableProxy()));
            if (e.getLoggerName().startsWith("io.flotilla.")) {
              flotillaLines.incrementAndGet();
            }
            if (line.contains(PLAINTEXT)) {
              leaks.add(e.getLoggerName() + ": " + line);
            }
          }
        };
    LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
    watch.setContext(logs);
    watch.start();
    logs.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(watch);
    // what Flotilla says at DEBUG is checked too
    logs.getLogger("io.flotilla").setLevel(Level.DEBUG);
    cluster = TutorialCluster.start(dir);
    flotilla = cluster.flotilla();
  }

  @AfterAll
  static void down() {
    if (watch != null) {
      ((LoggerContext) LoggerFactory.getILoggerFactory())
          .getLogger(Logger.ROOT_LOGGER_NAME)
          .detachAppender(watch);
      ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("io.flotilla").setLevel(null);
    }
    if (cluster != null) cluster.close();
  }

  /** The age-encrypted Secret and its kustomization, committed to the sample repository. */
  static void commitEncryptedSecret() throws Exception {
    String fixture = Files.readString(PUBLISHED.resolve("flux-age.yaml"));
    String ageStanza =
        fixture.substring(fixture.indexOf("  age:\n"), fixture.indexOf("  lastmodified:"));
    String secret =
        SopsTestWriter.secret(
            "db-credentials", Map.of("password", PLAINTEXT), FLUX_AGE_DATA_KEY, ageStanza);
    Path repo = flotilla.sampleDir();
    Files.createDirectories(repo.resolve("secrets"));
    Files.writeString(repo.resolve("secrets/db-credentials.yaml"), secret);
    Files.writeString(
        repo.resolve("secrets/kustomization.yaml"),
        "namespace: " + NS + "\nresources: [db-credentials.yaml]\n");
    try (Git git = Git.open(repo.toFile())) {
      git.add().addFilepattern("secrets").call();
      git.commit()
          .setMessage("an age-encrypted Secret")
          .setAuthor("me", "me@example.org")
          .setCommitter("me", "me@example.org")
          .call();
    }
  }

  static String configurationPath() {
    return "/subscriptions/"
        + flotilla.subscription()
        + "/resourceGroups/flux-demo-rg/providers/Microsoft.Kubernetes/connectedClusters/"
        + "flux-demo-arc/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/"
        + NS;
  }

  @Test
  void aConfigurationsKustomizationDecryptsWithTheSecretItNames() throws Exception {
    assertThat(Files.readString(PUBLISHED.resolve("flux-age.yaml"))).contains("recipient: age1");
    commitEncryptedSecret();
    KubernetesClient kube = flotilla.client();
    // the keys never pass through the service: the user puts them on the cluster
    kube.namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    kube.secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("sops-keys")
                .endMetadata()
                .addToStringData(
                    "age.agekey", Files.readString(PUBLISHED.resolve("flux-age.agekey")))
                .build())
        .create();

    ArmRequests arm = new ArmRequests(flotilla.serviceUrl(), flotilla.adminToken());
    HttpClient http = HttpClient.newHttpClient();
    String body =
        """
        {"properties":{"scope":"cluster","namespace":"%s","sourceKind":"GitRepository",
          "gitRepository":{"url":"%s","repositoryRef":{"branch":"main"},"syncIntervalInSeconds":2},
          "kustomizations":{"secrets":{"path":"./secrets","prune":true,
            "syncIntervalInSeconds":2,"retryIntervalInSeconds":2,
            "decryption":{"provider":"sops","secretRef":{"name":"sops-keys"}}}}}}
        """
            .formatted(NS, flotilla.sampleUrl());
    int linesBefore = flotillaLines.get();
    HttpResponse<String> put =
        http.send(arm.put(configurationPath(), body), HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
    assertThat(JSON.readTree(put.body()).at("/properties/kustomizations/secrets/decryption"))
        .hasToString("{\"provider\":\"sops\",\"secretRef\":{\"name\":\"sops-keys\"}}");

    // the agent gets it, the FluxConfig controller writes spec.decryption
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              Kustomization ks =
                  kube.resources(Kustomization.class)
                      .inNamespace(NS)
                      .withName(NS + "-secrets")
                      .get();
              assertThat(ks).isNotNull();
              assertThat(ks.getSpec().decryption().provider()).isEqualTo("sops");
              assertThat(ks.getSpec().decryption().secretRef().name()).isEqualTo("sops-keys");
            });
    // …and the Secret is applied decrypted
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              Secret applied = kube.secrets().inNamespace(NS).withName("db-credentials").get();
              assertThat(applied).isNotNull();
              assertThat(
                      new String(
                          Base64.getDecoder().decode(applied.getData().get("password")),
                          StandardCharsets.UTF_8))
                  .isEqualTo(PLAINTEXT);
              assertThat(applied.getMetadata().getLabels())
                  .containsEntry("kustomize.toolkit.fluxcd.io/name", NS + "-secrets");
            });
    JsonNode compliant =
        await()
            .atMost(CONVERGE)
            .until(
                () ->
                    JSON.readTree(
                        http.send(
                                arm.get(configurationPath()), HttpResponse.BodyHandlers.ofString())
                            .body()),
                c -> c.at("/properties/complianceState").asText().equals("Compliant"));

    // the plaintext is nowhere but in the Secret
    assertThat(compliant.toString()).doesNotContain(PLAINTEXT);
    assertThat(
            http.send(
                    arm.get(configurationPath().substring(0, configurationPath().lastIndexOf('/'))),
                    HttpResponse.BodyHandlers.ofString())
                .body())
        .contains("sops-keys")
        .doesNotContain(PLAINTEXT);
    CliRun.Result shown = cluster.cli().run(TutorialCluster.flux("show", "-n", NS));
    assertThat(shown.code()).as(shown.toString()).isZero();
    assertThat(shown.out()).contains("sops-keys").doesNotContain(PLAINTEXT);
    assertThat(kube.v1().events().inAnyNamespace().list().getItems())
        .noneSatisfy(e -> assertThat(e.getMessage()).contains(PLAINTEXT));
    assertThat(
            kube.resources(Kustomization.class)
                .inNamespace(NS)
                .withName(NS + "-secrets")
                .get()
                .toString())
        .doesNotContain(PLAINTEXT);
    assertThat(flotillaLines.get())
        .as("the watch saw Flotilla's log lines while the configuration was applied")
        .isGreaterThan(linesBefore);
    assertThat(leaks).isEmpty();
  }
}
