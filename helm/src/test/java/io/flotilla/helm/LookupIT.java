package io.flotilla.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.flotilla.testkit.ChildJava;
import io.flotilla.testkit.TestKube;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chart's {@code lookup} sees the release's cluster through the engine's client when the process
 * starts with {@code HELM_KUBEAPISERVER} on loopback and {@code HELM_KUBETOKEN}; run in a child JVM
 * because the native library reads only the environment the process started with.
 */
class LookupIT {
  @TempDir Path work;

  @Test
  void lookupSeesTheReleasesClusterAndTheGatewayOnlyReadsForItsToken() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProcessBuilder pb = ChildJava.of(LookupIT.class, List.of(), work.toString());
    pb.environment().remove("KUBECONFIG");
    pb.environment().put(LookupGateway.API_SERVER, "https://127.0.0.1:" + port);
    pb.environment().put(LookupGateway.CA_FILE, work.resolve("gateway-ca.crt").toString());
    pb.environment().put(LookupGateway.TOKEN, UUID.randomUUID().toString());
    Path log = work.resolve("child.log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    boolean exited = p.waitFor(120, TimeUnit.SECONDS);
    if (!exited) p.destroyForcibly();
    String out = Files.readString(log);
    assertThat(exited)
        .as("the child exits by itself (the gateway holds no non-daemon thread): %s", out)
        .isTrue();
    assertThat(out)
        .contains("MANIFEST colour: \"green\"")
        .contains("MANIFEST missing: \"none\"")
        .contains("LIVE green")
        .contains("WRONG TOKEN 401")
        .contains("WRITE 405");
  }

  static javax.net.ssl.SSLContext trusting(String caFile) throws Exception {
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    try (var in = Files.newInputStream(Path.of(caFile))) {
      ks.setCertificateEntry(
          "ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    javax.net.ssl.TrustManagerFactory tmf =
        javax.net.ssl.TrustManagerFactory.getInstance(
            javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  /** The child: an engine on an embedded API installs a chart that looks things up. */
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    try (TestKube kube = TestKube.start()) {
      Releases engine = HelmEngine.create(kube.client(), EngineOptions.defaults());
      kube.client().namespaces().resource(HelmStorageCompatibilityIT.ns("lookup")).create();
      kube.client()
          .configMaps()
          .inNamespace("lookup")
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("settings")
                  .endMetadata()
                  .addToData("colour", "green")
                  .build())
          .create();
      Map<String, String> files =
          Map.of(
              "Chart.yaml",
              "apiVersion: v2\nname: look\nversion: 0.1.0\n",
              "templates/cm.yaml",
              """
              apiVersion: v1
              kind: ConfigMap
              metadata:
                name: seen
              data:
                colour: {{ (lookup "v1" "ConfigMap" .Release.Namespace "settings").data.colour | default "none" | quote }}
                missing: {{ (lookup "v1" "ConfigMap" .Release.Namespace "absent").data | default "none" | quote }}
              """);
      Release r =
          engine.install(
              Charts.load(TestCharts.tgz(Files.createDirectories(work), "look", files)),
              new ReleaseRequest(
                  "look",
                  "lookup",
                  "lookup",
                  JsonNodeFactory.instance.objectNode(),
                  ActionOptions.defaults()));
      r.manifest()
          .lines()
          .filter(l -> l.contains(": \""))
          .forEach(l -> System.out.println("MANIFEST " + l.strip()));
      System.out.println(
          "LIVE "
              + kube.client()
                  .configMaps()
                  .inNamespace("lookup")
                  .withName("seen")
                  .get()
                  .getData()
                  .get("colour"));
      HttpClient http =
          HttpClient.newBuilder()
              .sslContext(trusting(System.getenv(LookupGateway.CA_FILE)))
              .build();
      String gateway = System.getenv(LookupGateway.API_SERVER);
      System.out.println(
          "WRONG TOKEN "
              + http.send(
                      HttpRequest.newBuilder(URI.create(gateway + "/api/v1/namespaces"))
                          .header("Authorization", "Bearer nope")
                          .build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode());
      System.out.println(
          "WRITE "
              + http.send(
                      HttpRequest.newBuilder(URI.create(gateway + "/api/v1/namespaces"))
                          .header("Authorization", "Bearer " + System.getenv(LookupGateway.TOKEN))
                          .POST(HttpRequest.BodyPublishers.ofString("{}"))
                          .build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode());
    }
  }
}
