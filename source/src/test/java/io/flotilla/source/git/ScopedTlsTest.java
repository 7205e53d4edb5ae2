package io.flotilla.source.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.testkit.git.TestCa;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import org.junit.jupiter.api.Test;

/**
 * The certificates of a Secret's {@code ca.crt} and {@code tls.crt}, and what is said of bad ones.
 */
class ScopedTlsTest {
  private static final TestCa CA = TestCa.generate("scoped");

  @Test
  void aCaBundleIsTrustedAndAClientCertificateIsPresented() throws Exception {
    assertThat(ScopedTls.trustManager(bytes(CA.caPem())).getAcceptedIssuers())
        .anySatisfy(c -> assertThat(c.getSubjectX500Principal().getName()).contains("scoped"));
    TestCa.ClientCert client = CA.issueClient("me");
    assertThat(ScopedTls.keyManagers(bytes(client.certPem()), bytes(client.keyPem()))).isNotEmpty();
  }

  @Test
  void anEmptyOrBrokenPemIsNamedByItsKey() {
    assertThatThrownBy(() -> ScopedTls.trustManager(new byte[0]))
        .isInstanceOf(CertificateException.class)
        .hasMessage("'ca.crt' holds no certificate");
    String broken = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n";
    assertThatThrownBy(() -> ScopedTls.trustManager(bytes(broken)))
        .isInstanceOf(CertificateException.class)
        .hasMessage("'ca.crt' is not a PEM certificate bundle");
    assertThatThrownBy(() -> ScopedTls.keyManagers(bytes(broken), new byte[0]))
        .isInstanceOf(CertificateException.class)
        .hasMessage("'tls.crt' is not a PEM certificate");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
