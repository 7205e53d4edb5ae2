package io.flotilla.source.bucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Service principal settings read as azure-identity reads them, without any I/O. */
class AzureClientCredentialTest {
  @AfterEach
  void reset() {
    System.clearProperty(AzureClientCredential.AUTHORITY_PROPERTY);
  }

  @Test
  void theTokenEndpointIsTheTenantsV2EndpointOnTheAuthorityHost() {
    var c = AzureClientCredential.withSecret("tenant-1", "client-1", "s", Duration.ofSeconds(5));
    if (System.getenv("AZURE_AUTHORITY_HOST") == null) {
      assertThat(c.tokenEndpoint())
          .isEqualTo("https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token");
    }
    System.setProperty(AzureClientCredential.AUTHORITY_PROPERTY, "https://login.example.cn/");
    assertThat(
            AzureClientCredential.withSecret("t", "c", "s", Duration.ofSeconds(5)).tokenEndpoint())
        .isEqualTo("https://login.example.cn/t/oauth2/v2.0/token");
  }

  @Test
  void plainHttpIsOnlyForALoopbackAuthority() {
    System.setProperty(AzureClientCredential.AUTHORITY_PROPERTY, "http://127.0.0.1:8080");
    assertThat(AzureClientCredential.authorityHost()).isEqualTo("http://127.0.0.1:8080");
    System.setProperty(AzureClientCredential.AUTHORITY_PROPERTY, "http://login.example.com");
    assertThatThrownBy(AzureClientCredential::authorityHost).hasMessageContaining("must use https");
  }

  @Test
  void missingFieldsAreNamed() {
    assertThatThrownBy(
            () -> AzureClientCredential.withSecret(null, "c", "s", Duration.ofSeconds(5)))
        .hasMessage("'tenantId' is required");
    assertThatThrownBy(() -> AzureClientCredential.withSecret("t", "c", " ", Duration.ofSeconds(5)))
        .hasMessage("'clientSecret' is required");
  }

  @Test
  void aCertificateWithoutAKeyIsRefusedWithAHint() {
    byte[] pem =
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(
            () ->
                AzureClientCredential.withCertificate(
                    "t", "c", pem, null, false, Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot read 'clientCertificate'");
  }

  @Test
  void toStringHidesTheSecret() {
    assertThat(
            AzureClientCredential.withSecret("t", "c", "hunter2", Duration.ofSeconds(5)).toString())
        .doesNotContain("hunter2");
  }
}
