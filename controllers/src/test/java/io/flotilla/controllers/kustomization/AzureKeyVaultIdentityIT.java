package io.flotilla.controllers.kustomization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.sops.AzureToken;
import io.flotilla.sops.Format;
import io.flotilla.sops.Sops;
import io.flotilla.sops.SopsException;
import io.flotilla.sops.SopsKeys;
import io.flotilla.testkit.git.TestCa;
import io.flotilla.testkit.sops.SopsTestWriter;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way kustomize-controller reaches Azure Key Vault, each against the loopback AAD and Key
 * Vault: the controller's own identity from its environment (a client secret, or workload
 * identity's federated token file), and a {@code sops.azure-kv} with a client certificate or a
 * managed identity. Each decrypts a SOPS document whose data key only the vault can unwrap.
 */
class AzureKeyVaultIdentityIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  @AutoClose static FakeKeyVault vault;
  static String document;

  @BeforeAll
  static void start() throws Exception {
    vault = new FakeKeyVault();
    byte[] dataKey = SopsTestWriter.dataKey();
    document =
        SopsTestWriter.secret(
            "kv-secret", Map.of("password", "hunter2"), dataKey, vault.keyGroup(dataKey));
  }

  static String decrypt(AzureToken token) throws SopsException {
    SopsKeys keys = token == null ? SopsKeys.none() : SopsKeys.none().withAzureToken(token);
    return new String(
        Sops.decrypt(
            document.getBytes(StandardCharsets.UTF_8), Format.YAML, Format.YAML, keys, true),
        StandardCharsets.UTF_8);
  }

  static Map<String, String> environment(String name, String value) {
    return Map.of(
        "AZURE_TENANT_ID",
        FakeKeyVault.TENANT,
        "AZURE_CLIENT_ID",
        FakeKeyVault.CLIENT_ID,
        "AZURE_AUTHORITY_HOST",
        vault.url(),
        name,
        value);
  }

  @Test
  void theControllersClientSecretFromItsEnvironment() throws Exception {
    AzureToken token =
        DecryptionKeys.environmentIdentity(
            environment("AZURE_CLIENT_SECRET", FakeKeyVault.CLIENT_SECRET));
    assertThat(decrypt(token)).contains("password: hunter2");
  }

  @Test
  void workloadIdentityPresentsTheProjectedTokenReadAgainForEachToken() throws Exception {
    Path file = dir.resolve("azure-identity-token");
    Files.writeString(file, FakeKeyVault.FEDERATED_TOKEN + "\n");
    AzureToken token =
        DecryptionKeys.environmentIdentity(
            environment("AZURE_FEDERATED_TOKEN_FILE", file.toString()));
    assertThat(decrypt(token)).contains("password: hunter2");
    assertThat(vault.requests)
        .contains("token sops-client https://vault.azure.net/.default federated");

    // the kubelet rotates the file; a token AAD does not accept is an error, never a stale token
    Files.writeString(file, "a-token-aad-does-not-know");
    assertThatThrownBy(() -> decrypt(token))
        .hasMessageContaining("failed to get an Azure token")
        .hasMessageContaining("invalid_client");
    Files.delete(file);
    assertThatThrownBy(() -> decrypt(token))
        .hasMessageContaining("cannot read the federated token file '" + file + "'");
  }

  @Test
  void withoutAnIdentityInTheEnvironmentKeyVaultIsNotAsked() {
    assertThat(DecryptionKeys.environmentIdentity(Map.of())).isNull();
    assertThat(
            DecryptionKeys.environmentIdentity(
                Map.of(
                    "AZURE_TENANT_ID", FakeKeyVault.TENANT,
                    "AZURE_CLIENT_ID", FakeKeyVault.CLIENT_ID)))
        .isNull();
    assertThatThrownBy(() -> decrypt(null))
        .hasMessageContaining("no Azure credentials (sops.azure-kv) to reach Key Vault");
  }

  @Test
  void sopsAzureKvWithAClientCertificate() throws Exception {
    TestCa ca = TestCa.generate("aad");
    TestCa.ClientCert sp = ca.issueClient(FakeKeyVault.CLIENT_ID);
    vault.trust(
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(sp.certPem().getBytes(StandardCharsets.US_ASCII))));
    AzureToken token = DecryptionKeys.azureConfig(certificateConfig(sp));
    assertThat(decrypt(token)).contains("password: hunter2");
    assertThat(vault.requests)
        .contains("token sops-client https://vault.azure.net/.default assertion");

    TestCa.ClientCert intruder = TestCa.generate("other").issueClient(FakeKeyVault.CLIENT_ID);
    assertThatThrownBy(() -> decrypt(DecryptionKeys.azureConfig(certificateConfig(intruder))))
        .hasMessageContaining("failed to get an Azure token");
  }

  static String certificateConfig(TestCa.ClientCert cert) {
    return JSON.createObjectNode()
        .put("tenantId", FakeKeyVault.TENANT)
        .put("clientId", FakeKeyVault.CLIENT_ID)
        .put("clientCertificate", cert.certPem() + cert.keyPem())
        .put("authorityHost", vault.url())
        .toString();
  }

  @Test
  void sopsAzureKvWithAManagedIdentity() throws Exception {
    System.setProperty(
        AzureManagedIdentity.ENDPOINT_PROPERTY, vault.url() + "/metadata/identity/oauth2/token");
    try {
      AzureToken token =
          DecryptionKeys.azureConfig("{\"clientId\": \"" + FakeKeyVault.MANAGED_CLIENT_ID + "\"}");
      assertThat(decrypt(token)).contains("password: hunter2");
      assertThat(vault.requests).anyMatch(r -> r.startsWith("imds ") && r.contains("client_id="));

      AzureToken unknown = DecryptionKeys.azureConfig("{\"clientId\": \"someone-else\"}");
      assertThatThrownBy(() -> decrypt(unknown))
          .hasMessageContaining("managed identity 'someone-else': IMDS answered 400");
    } finally {
      System.clearProperty(AzureManagedIdentity.ENDPOINT_PROPERTY);
    }
  }
}
