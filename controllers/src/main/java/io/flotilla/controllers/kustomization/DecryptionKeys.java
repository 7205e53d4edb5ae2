package io.flotilla.controllers.kustomization;

import com.azure.core.credential.TokenRequestContext;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.kustomize.KustomizationSpec;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.controllers.runtime.ReconcileException;
import io.flotilla.kustomize.Yaml;
import io.flotilla.sops.AzureToken;
import io.flotilla.sops.SopsException;
import io.flotilla.sops.SopsKeys;
import io.flotilla.source.bucket.AzureClientCredential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code spec.decryption}: the keys of its {@code secretRef} Secret, imported as
 * kustomize-controller does ({@code *.asc} OpenPGP keys, {@code *.agekey} age identities, {@code
 * sops.vault-token}, and {@code sops.azure-kv} credentials), read from the controller's own
 * cluster. Without a {@code sops.azure-kv} the controller's own Azure identity (a client secret or
 * workload identity from its environment) reaches Key Vault.
 */
final class DecryptionKeys {
  static final String PROVIDER_SOPS = "sops";
  static final String KEY_VAULT_SCOPE = "https://vault.azure.net/.default";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private DecryptionKeys() {}

  /** The keys, or null when the Kustomization does not ask for decryption. */
  static SopsKeys load(KubernetesClient client, Kustomization ks) throws ReconcileException {
    KustomizationSpec.Decryption decryption = ks.getSpec().decryption();
    if (decryption == null) {
      return null;
    }
    if (!PROVIDER_SOPS.equals(decryption.provider())) {
      throw new ReconcileException(
          Reasons.BUILD_FAILED,
          "unsupported decryption provider '" + decryption.provider() + "': the provider is sops",
          true);
    }
    if (decryption.serviceAccountName() != null && !decryption.serviceAccountName().isEmpty()) {
      // Flux then asks the cloud for keys as that service account (workload identity); refused
      // rather than decrypting with other keys than the user named
      throw new ReconcileException(
          Reasons.BUILD_FAILED,
          "spec.decryption.serviceAccountName is not supported by Flotilla yet (it would be"
              + " ignored): give the keys in spec.decryption.secretRef",
          true);
    }
    SopsKeys keys = SopsKeys.none();
    AzureToken azure = null;
    if (decryption.secretRef() != null && decryption.secretRef().name() != null) {
      String ns = ks.getMetadata().getNamespace();
      String where = "sops decryption Secret '" + ns + "/" + decryption.secretRef().name() + "'";
      Secret secret;
      try {
        secret = client.secrets().inNamespace(ns).withName(decryption.secretRef().name()).get();
      } catch (KubernetesClientException e) {
        throw new ReconcileException(
            Reasons.BUILD_FAILED, "cannot get " + where + ": " + e.getMessage(), false);
      }
      if (secret == null) {
        throw new ReconcileException(
            Reasons.BUILD_FAILED, "cannot get " + where + ": not found", false);
      }
      // sorted, so that the import order (and so the first identity tried) is stable
      Map<String, String> data =
          new TreeMap<>(secret.getData() == null ? Map.of() : secret.getData());
      for (Map.Entry<String, String> e : data.entrySet()) {
        String name = e.getKey();
        byte[] value = Base64.getDecoder().decode(e.getValue());
        try {
          if (name.endsWith(".asc")) {
            keys = keys.withPgpKeys(value);
          } else if (name.endsWith(".agekey")) {
            keys = keys.withAgeKeys(new String(value, StandardCharsets.UTF_8));
          } else if (name.equals("sops.vault-token")) {
            keys = keys.withVaultToken(new String(value, StandardCharsets.UTF_8).strip());
          } else if (name.equals("sops.azure-kv")) {
            azure = azureConfig(new String(value, StandardCharsets.UTF_8));
          }
        } catch (SopsException | IllegalArgumentException ex) {
          throw new ReconcileException(
              Reasons.BUILD_FAILED,
              "failed to import '" + name + "' data from " + where + ": " + ex.getMessage(),
              false);
        }
      }
    }
    if (azure == null) {
      try {
        azure = environmentIdentity(System.getenv());
      } catch (IllegalArgumentException e) {
        throw new ReconcileException(
            Reasons.BUILD_FAILED, "the controller's Azure identity: " + e.getMessage(), true);
      }
    }
    return azure == null ? keys : keys.withAzureToken(azure);
  }

  /**
   * A {@code sops.azure-kv} file (JSON or YAML): a service principal with a client secret ({@code
   * tenantId}, {@code clientId}, {@code clientSecret}) or certificate ({@code clientCertificate},
   * optional {@code clientCertificatePassword}, {@code clientCertificateSendChain}), the fields
   * {@code az ad sp create-for-rbac} prints ({@code tenant}, {@code appId}, {@code password}), or a
   * managed identity ({@code clientId} alone); {@code authorityHost} for another cloud.
   * kustomize-controller's order.
   */
  static AzureToken azureConfig(String text) throws SopsException {
    JsonNode c;
    try {
      List<JsonNode> docs = Yaml.read(text.startsWith("\uFEFF") ? text.substring(1) : text);
      c = docs.isEmpty() ? null : docs.get(0);
    } catch (Yaml.InvalidYamlException e) {
      throw new SopsException("failed to unmarshal Azure authentication file: " + e.getMessage());
    }
    if (c == null || !c.isObject()) {
      throw new SopsException("failed to unmarshal Azure authentication file: not a mapping");
    }
    String tenantId = c.path("tenantId").asText("");
    String clientId = c.path("clientId").asText("");
    String authority = c.path("authorityHost").asText("");
    if (!tenantId.isEmpty() && !clientId.isEmpty()) {
      String secret = c.path("clientSecret").asText("");
      if (!secret.isEmpty()) {
        return token(
            AzureClientCredential.withSecret(tenantId, clientId, secret, TIMEOUT), authority);
      }
      String cert = c.path("clientCertificate").asText("");
      if (!cert.isEmpty()) {
        return token(
            AzureClientCredential.withCertificate(
                tenantId,
                clientId,
                cert.getBytes(StandardCharsets.UTF_8),
                c.path("clientCertificatePassword").asText(""),
                c.path("clientCertificateSendChain").asBoolean(false),
                TIMEOUT),
            authority);
      }
    }
    String tenant = c.path("tenant").asText("");
    String appId = c.path("appId").asText("");
    String password = c.path("password").asText("");
    if (!tenant.isEmpty() && !appId.isEmpty() && !password.isEmpty()) {
      return token(AzureClientCredential.withSecret(tenant, appId, password, TIMEOUT), authority);
    }
    if (!clientId.isEmpty()) {
      return new AzureManagedIdentity(clientId);
    }
    throw new SopsException(
        "invalid data: requires a 'clientId' field, a combination of 'tenantId', 'clientId' and"
            + " 'clientSecret', or 'tenantId', 'clientId' and 'clientCertificate'");
  }

  /**
   * The controller's own Azure identity from its environment, in azure-identity's order: a service
   * principal's {@code AZURE_CLIENT_SECRET}, then workload identity's {@code
   * AZURE_FEDERATED_TOKEN_FILE}, both with {@code AZURE_TENANT_ID}, {@code AZURE_CLIENT_ID} and an
   * optional {@code AZURE_AUTHORITY_HOST}; null without one.
   */
  static AzureToken environmentIdentity(Map<String, String> env) {
    String tenant = env.getOrDefault("AZURE_TENANT_ID", "");
    String client = env.getOrDefault("AZURE_CLIENT_ID", "");
    if (tenant.isBlank() || client.isBlank()) {
      return null;
    }
    String authority = env.getOrDefault("AZURE_AUTHORITY_HOST", "");
    String secret = env.getOrDefault("AZURE_CLIENT_SECRET", "");
    if (!secret.isBlank()) {
      return token(AzureClientCredential.withSecret(tenant, client, secret, TIMEOUT), authority);
    }
    String tokenFile = env.getOrDefault("AZURE_FEDERATED_TOKEN_FILE", "");
    if (!tokenFile.isBlank()) {
      return token(
          AzureClientCredential.withFederatedToken(tenant, client, Path.of(tokenFile), TIMEOUT),
          authority);
    }
    return null;
  }

  private static AzureToken token(AzureClientCredential credential, String authority) {
    AzureClientCredential c =
        authority.isEmpty() ? credential : credential.withAuthorityHost(authority);
    return () -> {
      try {
        return c.getTokenSync(new TokenRequestContext().addScopes(KEY_VAULT_SCOPE)).getToken();
      } catch (RuntimeException e) {
        throw new IOException(e.getMessage(), e);
      }
    };
  }
}
