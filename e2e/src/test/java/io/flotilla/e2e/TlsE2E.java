package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flotilla.agent.Agent;
import io.flotilla.agent.AgentOptions;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.cli.CliConfig;
import io.flotilla.server.ConfigurationServer;
import io.flotilla.server.ServerOptions;
import io.flotilla.testkit.TestKube;
import io.flotilla.testkit.git.TestCa;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service over HTTPS with a private CA: the CLI trusts it through {@code FLOTILLA_CA_FILE}, the
 * agent through its CA file, and neither talks to it without.
 */
class TlsE2E {
  private static final ClusterRef CLUSTER =
      new ClusterRef(
          "00000000-0000-0000-0000-000000000002",
          "tls-rg",
          "Microsoft.Kubernetes",
          "connectedClusters",
          "tls-arc");

  @TempDir Path dir;
  private ConfigurationServer server;
  private TestKube kube;
  private Path caFile;

  @BeforeEach
  void start() throws Exception {
    TestCa ca = TestCa.generate("flotilla-tls-e2e");
    caFile = Files.writeString(dir.resolve("ca.pem"), ca.caPem());
    Path cert = Files.writeString(dir.resolve("tls.crt"), ca.serverCertPem());
    Path key = Files.writeString(dir.resolve("tls.key"), pkcs8(ca.serverKeyPem()));
    server =
        ConfigurationServer.start(
            ServerOptions.defaults()
                .withPort(0)
                .withDataDir(dir.resolve("service"))
                .withTls(cert, key));
    kube = TestKube.start();
    io.flotilla.controllers.Crds.install(kube.client());
  }

  @AfterEach
  void stop() {
    if (kube != null) {
      kube.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theCliAndTheAgentReachAnHttpsServiceThroughItsCaFile() {
    assertThat(server.url()).startsWith("https://");
    String clusterId = server.clusters().register(CLUSTER, "local").clusterId();
    String token = server.clusters().issueAgentToken(clusterId);
    Path config = dir.resolve("cli-config");
    new CliConfig(server.url(), server.adminToken(), CLUSTER.subscriptionId()).save(config);
    String[] show = {
      "connectedk8s", "show", "-g", CLUSTER.resourceGroup(), "-n", CLUSTER.clusterName()
    };

    CliRun untrusting = new CliRun(config, dir);
    CliRun.Result refused = untrusting.run(show);
    assertThat(refused.code()).as(refused.toString()).isNotZero();

    CliRun trusting = new CliRun(config, dir, Map.of("FLOTILLA_CA_FILE", caFile.toString()));
    CliRun.Result shown = trusting.run(show);
    assertThat(shown.code()).as(shown.toString()).isZero();
    assertThat(shown.json().at("/name").asText()).isEqualTo(CLUSTER.clusterName());
    assertThat(shown.json().at("/connectivityStatus").asText()).isEqualTo("Offline");

    try (Agent agent =
        Agent.start(
            AgentOptions.of(URI.create(server.url()), clusterId, token)
                .withPollWait(Duration.ofSeconds(2))
                .withHeartbeatInterval(Duration.ofSeconds(1))
                .withCaFile(caFile),
            kube.client())) {
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(trusting.run(show).json().at("/connectivityStatus").asText())
                      .isEqualTo("Connected"));
    }
  }

  /** The service takes PKCS#8 keys; the test CA writes RSA keys in PKCS#1 form. */
  private static String pkcs8(String pem) throws Exception {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object o = parser.readObject();
      byte[] der = new JcaPEMKeyConverter().getKeyPair((PEMKeyPair) o).getPrivate().getEncoded();
      return "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
          + "\n-----END PRIVATE KEY-----\n";
    }
  }
}
