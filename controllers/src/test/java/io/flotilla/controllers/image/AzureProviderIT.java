package io.flotilla.controllers.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.api.flux.meta.Condition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spec.provider: azure} against a loopback Azure AD and ACR: the controller's workload
 * identity gets an ARM token, trades it for an ACR refresh token and scans with it; a token AAD
 * does not accept, or a controller without workload identity, is a clear Ready=False and no scan.
 */
class AzureProviderIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir static Path tmp;
  @AutoClose static FakeAcr acr;
  static Path tokenFile;
  @AutoClose static ImageCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    acr = new FakeAcr();
    tokenFile = tmp.resolve("azure-identity-token");
    Files.writeString(tokenFile, FakeAcr.FEDERATED_TOKEN + "\n");
    cluster =
        new ImageCluster(
            tmp.resolve("work"),
            Map.of(
                "AZURE_TENANT_ID",
                FakeAcr.TENANT,
                "AZURE_CLIENT_ID",
                FakeAcr.CLIENT_ID,
                "AZURE_FEDERATED_TOKEN_FILE",
                tokenFile.toString(),
                "AZURE_AUTHORITY_HOST",
                acr.url()),
            ImageControllers::registerReflector);
  }

  /** Ready of ImageRepository {@code ns/app} (provider azure) on {@code c}, once it has one. */
  static Condition scanned(ImageCluster c, String ns) {
    c.imageRepository(ns, "app", acr.host() + "/team/app", "insecure: true\nprovider: azure");
    return c.awaitRepositoryReady(ns, "app", WAIT);
  }

  /** The message of the AuthenticationFailed Ready of {@code ns/app}, which was never scanned. */
  static String authenticationFailure(ImageCluster c, String ns) {
    Condition ready = scanned(c, ns);
    assertThat(ready.isTrue()).isFalse();
    assertThat(ready.reason()).isEqualTo("AuthenticationFailed");
    assertThat(c.repository(ns, "app").getStatus().lastScanResult()).isNull();
    return ready.message();
  }

  @Test
  void workloadIdentityTradesItsTokenForAnAcrRefreshTokenAndScans() throws Exception {
    String ns = cluster.newNamespace("acr");
    Condition ready = scanned(cluster, ns);
    assertThat(ready.isTrue()).as(ready.message()).isTrue();
    assertThat(cluster.repository(ns, "app").getStatus().lastScanResult().tagCount()).isEqualTo(3);
    assertThat(acr.requests)
        .contains(
            "aad " + FakeAcr.CLIENT_ID + " " + FakeAcr.ARM_SCOPE,
            "exchange access_token 127.0.0.1",
            "registry /v2/team/app/tags/list");
  }

  @Test
  void aTokenAadDoesNotAcceptIsAnAuthenticationFailureWithoutAScan() throws Exception {
    Files.writeString(tokenFile, "a-token-aad-does-not-know");
    try {
      String ns = cluster.newNamespace("acr-wrong");
      assertThat(authenticationFailure(cluster, ns))
          .startsWith("spec.provider 'azure': failed to get a token from the workload identity:")
          .contains("invalid_client")
          .doesNotContain(FakeAcr.FEDERATED_TOKEN);
    } finally {
      Files.writeString(tokenFile, FakeAcr.FEDERATED_TOKEN + "\n");
    }
  }

  @Test
  void withoutWorkloadIdentityTheConditionNamesWhatIsMissing() {
    long asked = acr.requests.size();
    try (ImageCluster bare =
        new ImageCluster(
            tmp.resolve("bare"),
            Map.of("AZURE_CLIENT_ID", FakeAcr.CLIENT_ID),
            ImageControllers::registerReflector)) {
      String ns = bare.newNamespace("acr-none");
      assertThat(authenticationFailure(bare, ns))
          .isEqualTo(
              "spec.provider 'azure' needs the controller's workload identity, but"
                  + " AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE are not set in its environment:"
                  + " configure workload identity for the image-reflector-controller, or use"
                  + " spec.secretRef with a kubernetes.io/dockerconfigjson Secret");
      assertThat(acr.requests.subList((int) asked, acr.requests.size()))
          .as("never an anonymous scan")
          .isEmpty();
    }
  }
}
