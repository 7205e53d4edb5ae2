package io.flotilla.controllers.kustomization;

import static io.flotilla.controllers.KustomizationSpecs.ready;
import static io.flotilla.controllers.RunningControllers.CONVERGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.controllers.GitSources;
import io.flotilla.controllers.KustomizationSpecs;
import io.flotilla.controllers.RunningControllers;
import io.flotilla.testkit.GitFixture;
import io.flotilla.testkit.ReconcileRequest;
import io.flotilla.testkit.sops.SopsTestWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * spec.decryption with provider sops: Secrets in Git encrypted by the real sops (age and OpenPGP,
 * published by Flux; a JSON file for a secret generator, published by getsops) are applied
 * decrypted; a bad key, a tampered value or a missing decryption applies nothing and says why.
 */
class KustomizationSopsIT {

  /** The sops module's fixtures: files written by sops, see its PublishedFilesTest. */
  static final Path PUBLISHED = Path.of("../sops/src/test/resources/published");

  @RegisterExtension
  static final RunningControllers cluster = RunningControllers.withQuickRetries();

  static GitFixture repo;
  @AutoClose static FakeKeyVault vault;

  static String published(String name) {
    try {
      return Files.readString(PUBLISHED.resolve(name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    vault = new FakeKeyVault();
    repo = cluster.git("repo");
    String age = published("flux-age.yaml");
    Map<String, String> files = new LinkedHashMap<>();
    files.put("app/age.yaml", age);
    files.put("app/pgp.yaml", published("flux-pgp.yaml"));
    files.put("app/config.json", published("sops-format.enc.json"));
    files.put(
        "app/kustomization.yaml",
        """
        resources: [age.yaml, pgp.yaml]
        secretGenerator:
          - name: generated
            files: [config.json]
        """);
    files.put(
        "tampered/age.yaml",
        age.replace("data:mHeXsmQ=", "data:nHeXsmQ=").replace("name: age", "name: age-tampered"));
    files.put("rotate/age.yaml", age.replace("name: age", "name: rotating"));
    files.put("rotate/kustomization.yaml", "resources: [age.yaml]\n");
    files.put("tampered/kustomization.yaml", "resources: [age.yaml]\n");
    byte[] dataKey = SopsTestWriter.dataKey();
    String group = vault.keyGroup(dataKey);
    files.put(
        "vault/secret.yaml",
        SopsTestWriter.secret("kv-secret", Map.of("password", "hunter2"), dataKey, group));
    files.put(
        "vault/settings.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: plain\n");
    // a strategic merge patch encrypted whole: decrypted before the build, MAC checked
    files.put(
        "vault/patch.yaml",
        SopsTestWriter.document(
            "ConfigMap", "settings", "data", Map.of("mode", "from-patch"), dataKey, group));
    files.put(
        "vault/kustomization.yaml",
        "resources: [secret.yaml, settings.yaml]\npatches:\n  - path: patch.yaml\n");
    repo.write(files);
    repo.commit("sops-encrypted secrets");
    GitRepository source = GitSources.onMain("default", "repo", repo.fileUrl(), "10m");
    cluster.client().resource(source).create();
    keys(
        "sops-keys",
        Map.of(
            "age.agekey", published("flux-age.agekey"),
            "flux.asc", published("flux-pgp.asc"),
            "functional.asc", published("sops-functional-tests.asc")));
  }

  /** Creates Secret {@code default/<name>} of decryption keys. */
  static void keys(String name, Map<String, String> data) {
    Map<String, String> encoded = new LinkedHashMap<>();
    data.forEach(
        (k, v) ->
            encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    cluster
        .client()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("default")
                .endMetadata()
                .withData(encoded)
                .build())
        .create();
  }

  /** A Kustomization of {@code path}, decrypting with {@code secret} (none when null). */
  static void kustomization(String name, String path, String secret) {
    kustomization(name, path, secret, null);
  }

  static void kustomization(String name, String path, String secret, String serviceAccount) {
    Kustomization ks = new Kustomization();
    ks.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName(name)
            .withNamespace("default")
            .build());
    ks.setSpec(KustomizationSpecs.of("GitRepository", "repo", path).build());
    ObjectNode json = Serialization.jsonMapper().convertValue(ks, ObjectNode.class);
    // the published Secrets name no namespace; kustomize adds one after they were encrypted
    ((ObjectNode) json.get("spec")).put("targetNamespace", "default");
    if (secret != null) {
      ObjectNode decryption = ((ObjectNode) json.get("spec")).putObject("decryption");
      decryption.put("provider", "sops");
      decryption.putObject("secretRef").put("name", secret);
      if (serviceAccount != null) {
        decryption.put("serviceAccountName", serviceAccount);
      }
    }
    cluster
        .client()
        .resource(Serialization.jsonMapper().convertValue(json, Kustomization.class))
        .create();
  }

  static String data(String name, String key) {
    Secret s = cluster.client().secrets().inNamespace("default").withName(name).get();
    assertThat(s).as("Secret " + name).isNotNull();
    return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
  }

  static Condition failed(String name) {
    await()
        .atMost(CONVERGE)
        .untilAsserted(() -> assertThat(ready(cluster.client(), name).status()).isEqualTo("False"));
    return ready(cluster.client(), name);
  }

  /** Waits until {@code name} is Ready. */
  static void awaitReady(String name) {
    await()
        .atMost(CONVERGE)
        .untilAsserted(() -> assertThat(ready(cluster.client(), name).status()).isEqualTo("True"));
  }

  /** The message of {@code name}'s Ready=False once it failed, its reason checked. */
  static String failure(String name, String reason) {
    Condition ready = failed(name);
    assertThat(ready.reason()).isEqualTo(reason);
    return ready.message();
  }

  @Test
  void ageAndPgpSecretsAndAGeneratorFileAreAppliedDecrypted() {
    kustomization("secrets", "./app", "sops-keys");
    awaitReady("secrets");
    assertThat(data("age", "key")).isEqualTo("value");
    assertThat(data("pgp", "key")).isEqualTo("value");
    Secret generated =
        cluster.client().secrets().inNamespace("default").list().getItems().stream()
            .filter(s -> s.getMetadata().getName().startsWith("generated-"))
            .findFirst()
            .orElseThrow();
    String config =
        new String(
            Base64.getDecoder().decode(generated.getData().get("config.json")),
            StandardCharsets.UTF_8);
    assertThat(config).contains("\"foo\"").contains("\"bar\"").doesNotContain("ENC[");
    // the applied objects carry no SOPS metadata
    Secret age = cluster.client().secrets().inNamespace("default").withName("age").get();
    assertThat(Serialization.asJson(age)).doesNotContain("sops").doesNotContain("ENC[");
  }

  @Test
  void aTamperedValueFailsItsTagAndAppliesNothing() {
    kustomization("tampered", "./tampered", "sops-keys");
    assertThat(failure("tampered", "BuildFailed"))
        .isEqualTo(
            "failed to decrypt and format 'default/age-tampered' Secret data: error decrypting sops tree:"
                + " could not decrypt value at 'stringData:key' with AES_GCM: cipher: message"
                + " authentication failed (the value was altered, moved to another key, or the"
                + " data key is wrong)");
    assertThat(cluster.client().secrets().inNamespace("default").withName("age-tampered").get())
        .isNull();
  }

  @Test
  void aFailedDecryptionKeepsTheLastAppliedState() {
    kustomization("rotate", "./rotate", "sops-keys");
    awaitReady("rotate");
    String applied =
        KustomizationSpecs.get(cluster.client(), "rotate").getStatus().lastAppliedRevision();
    String tampered =
        published("flux-age.yaml")
            .replace("name: age", "name: rotating")
            .replace("data:mHeXsmQ=", "data:nHeXsmQ=");
    repo.write(Map.of("rotate/age.yaml", tampered));
    String next = "main@sha1:" + repo.commit("a tampered secret");
    cluster
        .client()
        .resources(GitRepository.class)
        .inNamespace("default")
        .withName("repo")
        .patch(ReconcileRequest.MERGE, ReconcileRequest.patch("rotate"));
    KustomizationSpecs.awaitStatus(
        cluster.client(),
        "rotate",
        ks -> {
          assertThat(ks.lastAttemptedRevision()).isEqualTo(next);
          assertThat(ready(cluster.client(), "rotate").status()).isEqualTo("False");
        });
    assertThat(ready(cluster.client(), "rotate").message())
        .contains("message authentication failed");
    assertThat(KustomizationSpecs.get(cluster.client(), "rotate").getStatus().lastAppliedRevision())
        .isEqualTo(applied);
    assertThat(data("rotating", "key")).isEqualTo("value");
  }

  @Test
  void aWrongKeyNamesTheRecipientAndAppliesNothing() {
    keys(
        "other-keys",
        Map.of(
            "other.agekey",
            "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX\n"));
    kustomization("wrong-key", "./tampered", "other-keys");
    assertThat(failure("wrong-key", "BuildFailed"))
        .isEqualTo(
            "failed to decrypt and format 'default/age-tampered' Secret data: cannot get sops data key: age"
                + " recipient age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29: no"
                + " identity matched any of the recipients");
  }

  @Test
  void anEncryptedSecretWithoutDecryptionIsRefused() {
    kustomization("no-decryption", "./tampered", null);
    assertThat(failure("no-decryption", "ReconciliationFailed"))
        .isEqualTo(
            "Secret/default/age-tampered is SOPS encrypted, configuring decryption is required for this secret to"
                + " be reconciled");
  }

  static String azureKv(String clientSecret) {
    return """
        {"tenantId": "%s", "clientId": "%s", "clientSecret": "%s", "authorityHost": "%s"}
        """
        .formatted(FakeKeyVault.TENANT, FakeKeyVault.CLIENT_ID, clientSecret, vault.url());
  }

  @Test
  void azureKeyVaultUnwrapsTheDataKeyWithTheServicePrincipalsToken() {
    keys("azure-keys", Map.of("sops.azure-kv", azureKv(FakeKeyVault.CLIENT_SECRET)));
    kustomization("key-vault", "./vault", "azure-keys");
    awaitReady("key-vault");
    assertThat(data("kv-secret", "password")).isEqualTo("hunter2");
    assertThat(
            cluster
                .client()
                .configMaps()
                .inNamespace("default")
                .withName("settings")
                .get()
                .getData())
        .containsEntry("mode", "from-patch");
    assertThat(vault.requests)
        .contains(
            "token sops-client https://vault.azure.net/.default secret",
            "decrypt /keys/sops-key/0123456789abcdef/decrypt?api-version=7.4");
  }

  @Test
  void azureKeyVaultWithAWrongClientSecretAppliesNothing() {
    keys("azure-wrong", Map.of("sops.azure-kv", azureKv("not-the-secret")));
    kustomization("key-vault-wrong", "./vault", "azure-wrong");
    assertThat(failure("key-vault-wrong", "BuildFailed"))
        .startsWith(
            // the patch file is decrypted before the build, so it is the first to fail
            "failed to decrypt YAML file 'vault/patch.yaml': cannot get sops data key:"
                + " azure_kv key "
                + vault.url()
                + "/keys/sops-key/0123456789abcdef: failed to get an Azure token:")
        .doesNotContain("not-the-secret");
  }

  @Test
  void aMissingKeySecretIsNamed() {
    kustomization("no-keys", "./app", "missing");
    Condition ready = failed("no-keys");
    assertThat(ready.message())
        .isEqualTo("cannot get sops decryption Secret 'default/missing': not found");
  }

  @Test
  void aServiceAccountForCloudKeysIsRefusedRatherThanIgnored() {
    kustomization("by-identity", "./app", "sops-keys", "kv-reader");
    assertThat(failure("by-identity", "BuildFailed"))
        .isEqualTo(
            "spec.decryption.serviceAccountName is not supported by Flotilla yet (it would be"
                + " ignored): give the keys in spec.decryption.secretRef");
  }
}
