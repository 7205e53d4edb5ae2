package io.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI names why it cannot reach the service, in the words the sources use: a host that does not
 * resolve, a port nobody listens on, a certificate it does not trust (and that FLOTILLA_CA_FILE is
 * how to trust it), against real listeners on loopback.
 */
class UnreachableServerIT {
  private static final String[] LIST = {
    "k8s-configuration", "flux", "list", "-g", "rg", "-c", "arc", "-t", "connectedClusters"
  };
  @TempDir Path home;

  private CliRunner.Result list(String server, String caFile) {
    CliRunner cli = new CliRunner(home).env("FLOTILLA_SERVER", server).env("FLOTILLA_TOKEN", "t");
    if (caFile != null) {
      cli.env("FLOTILLA_CA_FILE", caFile);
    }
    return cli.run(LIST);
  }

  @Test
  void anUnknownHostAndAClosedPortAreSaidInWords() throws Exception {
    CliRunner.Result dns = list("https://no-such-host.invalid", null);
    assertThat(dns.exitCode()).isEqualTo(1);
    assertThat(dns.err())
        .startsWith(
            "ERROR: Could not connect to the Flotilla server at https://no-such-host.invalid"
                + " (dial tcp: lookup no-such-host.invalid: no such host)");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    CliRunner.Result refused = list("http://127.0.0.1:" + port, null);
    assertThat(refused.err())
        .startsWith(
            "ERROR: Could not connect to the Flotilla server at http://127.0.0.1:%d (dial tcp"
                    .formatted(port)
                + " 127.0.0.1:%d: connect: connection refused)".formatted(port))
        .contains("flotilla up");
  }

  @Test
  void anUntrustedCertificateSaysHowToTrustIt() throws Exception {
    Path keystore = home.resolve("server.p12");
    Path ca = home.resolve("server.pem");
    keytool(
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "SAN=ip:127.0.0.1",
        "-keystore",
        keystore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "server",
        "-keystore",
        keystore.toString(),
        "-storepass",
        "changeit",
        "-file",
        ca.toString());
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(keystore.toFile())) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), null, null);
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ssl));
    server.createContext(
        "/",
        ex -> {
          ex.sendResponseHeaders(404, -1);
          ex.close();
        });
    server.start();
    try {
      String url = "https://127.0.0.1:" + server.getAddress().getPort();
      CliRunner.Result untrusted = list(url, null);
      assertThat(untrusted.exitCode()).isEqualTo(1);
      assertThat(untrusted.err())
          .startsWith(
              "ERROR: Could not connect to the Flotilla server at "
                  + url
                  + ": its TLS certificate is not trusted (no trusted certificate authority issued"
                  + " it)")
          .contains("export FLOTILLA_CA_FILE=")
          .doesNotContain("PKIX");
      // trusting the CA, the request reaches the server (which answers 404)
      assertThat(list(url, ca.toString()).err()).doesNotContain("Could not connect");
    } finally {
      server.stop(0);
    }
  }

  private static void keytool(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
  }
}
