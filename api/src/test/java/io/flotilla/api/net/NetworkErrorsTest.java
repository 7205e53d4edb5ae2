package io.flotilla.api.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateExpiredException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * Each client's way of failing (JGit's and the JDK's HTTP clients wrap differently) is said in Go's
 * words; anything else is left to the caller.
 */
class NetworkErrorsTest {
  private static final NetworkErrors.Endpoint GIT =
      NetworkErrors.Endpoint.of(URI.create("https://git.example.com/org/app.git"));

  private static <T extends Throwable> T causedBy(T outer, Throwable cause) {
    outer.initCause(cause);
    return outer;
  }

  @Test
  void aHostThatDoesNotResolve() {
    String want = "dial tcp: lookup git.example.com: no such host";
    assertThat(NetworkErrors.describe(new UnknownHostException("git.example.com"), GIT, null))
        .isEqualTo(want);
    // the JDK's client: ConnectException without a message, the DNS failure as its cause
    assertThat(
            NetworkErrors.describe(
                causedBy(new ConnectException(), new UnresolvedAddressException()), GIT, null))
        .isEqualTo(want);
  }

  @Test
  void aPortNobodyListensOnOrNoRoute() {
    assertThat(NetworkErrors.describe(new ConnectException("Connection refused"), GIT, null))
        .isEqualTo("dial tcp git.example.com:443: connect: connection refused");
    assertThat(
            NetworkErrors.describe(
                new IOException(new NoRouteToHostException("No route to host")),
                NetworkErrors.Endpoint.of(URI.create("http://[::1]:8080/x")),
                null))
        .isEqualTo("dial tcp [::1]:8080: connect: no route to host");
  }

  @Test
  void aCertificateNotToBeTrustedSaysWhereTheCaGoes() {
    SSLHandshakeException pkix =
        causedBy(
            new SSLHandshakeException("PKIX path building failed"),
            new CertPathBuilderException("unable to find valid certification path"));
    assertThat(NetworkErrors.describe(pkix, GIT, "set 'ca.crt' in the secret"))
        .isEqualTo(
            "tls: failed to verify certificate: x509: certificate signed by unknown authority"
                + " (set 'ca.crt' in the secret)");
    assertThat(
            NetworkErrors.describe(
                causedBy(new SSLHandshakeException("bad"), new CertificateExpiredException()),
                GIT,
                null))
        .isEqualTo(
            "tls: failed to verify certificate: x509: certificate has expired or is not yet valid");
  }

  @Test
  void anythingElseIsTheCallersToSay() {
    assertThat(NetworkErrors.describe(new IOException("403 Forbidden"), GIT, null)).isNull();
  }
}
