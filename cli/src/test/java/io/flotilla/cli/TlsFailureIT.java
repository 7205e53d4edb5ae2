package io.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.server.ConfigurationServer;
import io.flotilla.server.ServerOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against the service over HTTPS with a certificate the JDK does not trust: the error says
 * so in words and how to fix it ({@code FLOTILLA_CA_FILE}), never {@code PKIX path building
 * failed}. The certificate is made by {@code openssl}; without it the test is skipped.
 */
class TlsFailureIT {
  @TempDir Path dir;
  ConfigurationServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** A self-signed certificate for {@code san} (its own CA), as cert.pem and key.pem. */
  Path[] selfSigned(String name, String san) throws Exception {
    Path cert = dir.resolve(name + ".pem");
    Path key = dir.resolve(name + "-key.pem");
    Process p;
    try {
      p =
          new ProcessBuilder(
                  List.of(
                      "openssl",
                      "req",
                      "-x509",
                      "-newkey",
                      "ec",
                      "-pkeyopt",
                      "ec_paramgen_curve:prime256v1",
                      "-nodes",
                      "-days",
                      "2",
                      "-subj",
                      "/CN=" + name,
                      "-addext",
                      "subjectAltName=" + san,
                      "-keyout",
                      key.toString(),
                      "-out",
                      cert.toString()))
              .redirectErrorStream(true)
              .start();
    } catch (java.io.IOException e) {
      Assumptions.abort("SKIPPED: openssl is not installed, so no test certificate: " + e);
      throw e;
    }
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    return new Path[] {cert, key};
  }

  void serveWith(Path[] pem) {
    server =
        ConfigurationServer.start(
            ServerOptions.defaults()
                .withPort(0)
                .withDataDir(dir.resolve("data"))
                .withTls(pem[0], pem[1]));
  }

  CliRunner.Result show(Path home, String caFile) throws Exception {
    new CliConfig(server.url(), server.adminToken(), "sub")
        .save(home.resolve(".flotilla").resolve("config"));
    CliRunner cli = new CliRunner(home);
    if (caFile != null) {
      cli.env("FLOTILLA_CA_FILE", caFile);
    }
    return cli.run("connectedk8s", "list");
  }

  @Test
  void anUntrustedCertificateIsExplainedWithTheFix() throws Exception {
    Path[] pem = selfSigned("service", "IP:127.0.0.1");
    serveWith(pem);

    var untrusted = show(dir.resolve("home1"), null);
    assertThat(untrusted.exitCode()).isEqualTo(1);
    assertThat(untrusted.err())
        .contains(
            "ERROR: Could not connect to the Flotilla server at "
                + server.url()
                + ": its TLS certificate is not trusted (no trusted certificate authority issued"
                + " it)")
        .contains("export FLOTILLA_CA_FILE=/path/to/ca.pem")
        .doesNotContain("PKIX")
        .doesNotContain("Exception");

    Path[] other = selfSigned("other-ca", "IP:127.0.0.1");
    var wrongCa = show(dir.resolve("home2"), other[0].toString());
    assertThat(wrongCa.err())
        .contains("its TLS certificate is not trusted")
        .contains("was not issued by a CA in FLOTILLA_CA_FILE (" + other[0] + ")");

    var trusted = show(dir.resolve("home3"), pem[0].toString());
    assertThat(trusted.exitCode()).as(trusted.err()).isZero();
  }

  @Test
  void aCertificateForAnotherHostIsToldApart() throws Exception {
    Path[] pem = selfSigned("elsewhere", "DNS:flotilla.example.com");
    serveWith(pem);
    var r = show(dir.resolve("home"), pem[0].toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .contains("its TLS certificate is for another host name")
        .contains("FLOTILLA_SERVER");
  }
}
