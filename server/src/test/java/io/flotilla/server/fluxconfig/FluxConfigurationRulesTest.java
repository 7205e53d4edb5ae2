package io.flotilla.server.fluxconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.api.arm.FluxConfiguration;
import io.flotilla.api.arm.FluxConfigurationProperties;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.http.Json;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FluxConfigurationRulesTest {
  static final String GIT = "\"gitRepository\":{\"url\":\"https://example.com/repo\"}";

  static FluxConfigurationProperties props(String json) {
    return Json.read(json, FluxConfiguration.class).properties();
  }

  /** The Git configuration "cfg" with these kustomizations (JSON), validated and defaulted. */
  static FluxConfigurationProperties withKustomizations(String kustomizations) {
    return FluxConfigurationRules.validateAndDefault(
        "cfg", props("{\"properties\":{" + GIT + ",\"kustomizations\":" + kustomizations + "}}"));
  }

  static Stream<Arguments> invalidNames() {
    return Stream.of(
        Arguments.of("a".repeat(64), "can be a maximum of 63 characters"),
        Arguments.of("-cfg", "cannot begin or end with a hyphen"),
        Arguments.of("cfg-", "cannot begin or end with a hyphen"),
        Arguments.of(".cfg", "cannot begin or end with a period"),
        Arguments.of(
            "Cfg", "can only contain lowercase alphanumeric characters, hyphens, and periods"),
        Arguments.of("c_fg", "can only contain lowercase alphanumeric characters"),
        Arguments.of("", "name is required"));
  }

  @ParameterizedTest(name = "name ''{0}'' -> {1}")
  @MethodSource("invalidNames")
  void rejectsInvalidConfigurationNames(String name, String message) {
    assertThatThrownBy(
            () ->
                FluxConfigurationRules.validateAndDefault(
                    name, props("{\"properties\":{" + GIT + "}}")))
        .isInstanceOf(ArmException.class)
        .hasMessageContaining(message)
        .extracting(e -> ((ArmException) e).target())
        .isEqualTo("name");
  }

  static Stream<Arguments> invalidProperties() {
    return Stream.of(
        Arguments.of(
            "{\"scope\":\"world\"," + GIT + "}",
            "properties.scope",
            "use 'cluster' or 'namespace'"),
        Arguments.of(
            "{\"namespace\":\"Team_A\"," + GIT + "}",
            "properties.namespace",
            "lowercase alphanumeric characters and hyphens"),
        Arguments.of(
            "{\"namespace\":\"a.b\"," + GIT + "}",
            "properties.namespace",
            "lowercase alphanumeric"),
        Arguments.of(
            "{\"sourceKind\":\"Helm\"," + GIT + "}",
            "properties.sourceKind",
            "GitRepository, Bucket, AzureBlob, OCIRepository"),
        Arguments.of("{}", "properties.gitRepository", "properties.gitRepository is missing"),
        Arguments.of("{\"gitRepository\":{}}", "properties.gitRepository", "is missing"),
        Arguments.of(
            "{\"gitRepository\":{\"url\":\"ftp://x\"}}",
            "properties.gitRepository.url",
            "must begin with one of 'http://', 'https://', 'git@', 'ssh://'"),
        Arguments.of(
            "{\"gitRepository\":{\"url\":\"https://user:pw@x\"}}",
            "properties.gitRepository",
            "__ok__"),
        Arguments.of(
            "{" + GIT + ",\"bucket\":{\"url\":\"https://s3\"}}",
            "properties.bucket",
            "cannot be set when sourceKind is 'GitRepository'"),
        Arguments.of(
            "{\"sourceKind\":\"Bucket\",\"bucket\":{\"url\":\"https://s3\"}}",
            "properties.bucket.bucketName",
            "bucketName is required"),
        Arguments.of(
            "{\"sourceKind\":\"Bucket\",\"bucket\":{\"url\":\"s3://x\",\"bucketName\":\"b\"}}",
            "properties.bucket.url",
            "must begin with 'http://' or 'https://'"),
        Arguments.of(
            "{\"sourceKind\":\"AzureBlob\",\"azureBlob\":{\"url\":\"https://acct.blob\"}}",
            "properties.azureBlob.containerName",
            "containerName is required"),
        Arguments.of(
            "{\"sourceKind\":\"OCIRepository\",\"ociRepository\":{\"url\":\"https://reg/x\"}}",
            "properties.ociRepository.url",
            "must begin with 'oci://'"),
        Arguments.of(
            "{\"sourceKind\":\"OCIRepository\",\"ociRepository\":{\"url\":\"oci://reg/x\",\"repositoryRef\":{\"digest\":\"md5:1\"}}}",
            "properties.ociRepository.repositoryRef.digest",
            "sha256:"),
        Arguments.of(
            "{\"gitRepository\":{\"url\":\"https://x\",\"timeoutInSeconds\":0}}",
            "properties.gitRepository.timeoutInSeconds",
            "positive"),
        Arguments.of(
            "{\"gitRepository\":{\"url\":\"https://x\",\"sshKnownHosts\":\"abc\"}}",
            "properties.gitRepository.sshKnownHosts",
            "cannot be used with an http(s) url"),
        Arguments.of(
            "{\"gitRepository\":{\"url\":\"git@github.com:a/b\",\"httpsUser\":\"me\"}}",
            "properties.gitRepository.httpsUser",
            "non-http(s) url"),
        Arguments.of(
            "{\"gitRepository\":{\"url\":\"https://x\",\"provider\":\"Gitlab\"}}",
            "properties.gitRepository.provider",
            "'Azure', 'GitHub' or 'Generic'"),
        Arguments.of(
            "{" + GIT + ",\"kustomizations\":{\"Bad\":{}}}",
            "properties.kustomizations.Bad",
            "kustomization name 'Bad' is invalid"),
        Arguments.of(
            "{" + GIT + ",\"kustomizations\":{\"a\":{\"dependsOn\":[\"b\"]}}}",
            "properties.kustomizations.a.dependsOn",
            "depends on 'b', which is not a kustomization of this configuration"),
        Arguments.of(
            "{" + GIT + ",\"kustomizations\":{\"a\":{\"dependsOn\":[\"a\"]}}}",
            "properties.kustomizations.a.dependsOn",
            "cannot depend on itself"),
        Arguments.of(
            "{"
                + GIT
                + ",\"kustomizations\":{\"a\":{\"dependsOn\":[\"b\"]},\"b\":{\"dependsOn\":[\"a\"]}}}",
            "properties.kustomizations.a.dependsOn",
            "cycle: a -> b -> a"),
        Arguments.of(
            "{" + GIT + ",\"kustomizations\":{\"a\":{\"name\":\"b\"}}}",
            "properties.kustomizations.a.name",
            "differs from its key"),
        Arguments.of(
            "{"
                + GIT
                + ",\"kustomizations\":{\"a\":{\"postBuild\":{\"substituteFrom\":[{\"kind\":\"Pod\",\"name\":\"x\"}]}}}}",
            "properties.kustomizations.a.postBuild.substituteFrom[0].kind",
            "'ConfigMap' or 'Secret'"),
        Arguments.of(
            "{" + GIT + ",\"reconciliationWaitDuration\":\"30m\"}",
            "properties.reconciliationWaitDuration",
            "ISO-8601"),
        // Kubernetes' and Flux's own limits, refused here rather than by the cluster
        Arguments.of(
            "{\"namespace\":\"" + "n".repeat(64) + "\"," + GIT + "}",
            "properties.namespace",
            "a DNS-1123 label of at most 63 characters, and this one has 64"),
        Arguments.of(
            "{\"namespace\":\"" + "n".repeat(63) + "\"," + GIT + "}",
            "properties.namespace",
            "__ok__"),
        Arguments.of(
            "{\"gitRepository\":{\"url\":\"https://example.com/repo\",\"localAuthRef\":\"My_Secret\"}}",
            "properties.gitRepository.localAuthRef",
            "a Kubernetes object name is at most 253"),
        Arguments.of(
            "{\"gitRepository\":{\"url\":\"https://example.com/re po\"}}",
            "properties.gitRepository.url",
            "contains whitespace or a control character"),
        Arguments.of(
            "{\"gitRepository\":{\"url\":\"https://example.com/repo\",\"repositoryRef\":{\"branch\":\"ma\\u0000in\"}}}",
            "properties.gitRepository.repositoryRef.branch",
            "'ma\\u0000in' contains whitespace or a control character"),
        Arguments.of(
            "{" + GIT + ",\"kustomizations\":{\"a\":{\"path\":\"./apps\\u0007\"}}}",
            "properties.kustomizations.a.path",
            "contains a control character"),
        Arguments.of(
            "{" + GIT + ",\"kustomizations\":{\"a\":{\"path\":\"" + "p".repeat(4097) + "\"}}}",
            "properties.kustomizations.a.path",
            "longer than 4096 bytes"),
        Arguments.of(
            "{"
                + GIT
                + ",\"kustomizations\":{\"a\":{\"postBuild\":{\"substitute\":{\"1st-var\":\"x\"}}}}}",
            "properties.kustomizations.a.postBuild.substitute.1st-var",
            "Flux substitutes names of letters, digits and '_'"),
        Arguments.of(
            "{"
                + GIT
                + ",\"kustomizations\":{\"a\":{\"postBuild\":{\"substituteFrom\":[{\"kind\":\"Secret\",\"name\":\"Vars\"}]}}}}",
            "properties.kustomizations.a.postBuild.substituteFrom[0].name",
            "substituteFrom Secret name 'Vars' is invalid"),
        Arguments.of(
            "{" + GIT + ",\"kustomizations\":{\"apps\":{\"decryption\":{\"provider\":\"vault\"}}}}",
            "properties.kustomizations.apps.decryption.provider",
            "The decryption provider 'vault' is not supported"),
        Arguments.of(
            "{"
                + GIT
                + ",\"kustomizations\":{\"apps\":{\"decryption\":{\"provider\":\"sops\","
                + "\"secretRef\":{\"name\":\"Not_A_Name\"}}}}}",
            "properties.kustomizations.apps.decryption.secretRef.name",
            "The decryption Secret name 'Not_A_Name' is invalid"),
        Arguments.of(
            "{\"gitRepository\":{\"url\":\"https://example.com/repo\",\"syncIntervalInSeconds\":9223372037}}",
            "properties.gitRepository.syncIntervalInSeconds",
            "about 292 years"));
  }

  @Test
  void protectedSettingsAreTheClustersKeysInBase64AndNeverQuoted() {
    FluxConfigurationRules.checkProtectedSettings(
        java.util.Map.of(
            "httpsKey", "aHVudGVy\nMg==", "sshPrivateKey", "a2V5", "bucketSecretKey", ""));
    assertThatThrownBy(
            () -> FluxConfigurationRules.checkProtectedSettings(java.util.Map.of("token", "aGk=")))
        .hasMessageContaining("'token' is not a protected setting of a flux configuration")
        .extracting(e -> ((ArmException) e).target())
        .isEqualTo("properties.configurationProtectedSettings.token");
    assertThatThrownBy(
            () ->
                FluxConfigurationRules.checkProtectedSettings(
                    java.util.Map.of("httpsKey", "hunter2!")))
        .hasMessageContaining("'httpsKey' is not valid base64")
        .hasMessageNotContaining("hunter2");
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("invalidProperties")
  void rejectsInvalidPropertiesNamingTheProperty(String json, String target, String message) {
    var p = props("{\"properties\":" + json + "}");
    if (message.equals("__ok__")) {
      assertThat(FluxConfigurationRules.validateAndDefault("cfg", p)).isNotNull();
      return;
    }
    assertThatThrownBy(() -> FluxConfigurationRules.validateAndDefault("cfg", p))
        .isInstanceOf(ArmException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((ArmException) e).target()).isEqualTo(target))
        .satisfies(e -> assertThat(((ArmException) e).status()).isEqualTo(400));
  }

  @Test
  void longCombinedKustomizationNamesAreRejected() {
    String config = "c".repeat(40);
    String k = "k".repeat(23);
    var p = props("{\"properties\":{" + GIT + ",\"kustomizations\":{\"" + k + "\":{}}}}");
    assertThatThrownBy(() -> FluxConfigurationRules.validateAndDefault(config, p))
        .hasMessageContaining("cannot be greater than 62 characters");
  }

  @Test
  void urlsWithCredentialsAreNotEchoed() {
    var p =
        props(
            "{\"properties\":{\"sourceKind\":\"Bucket\",\"bucket\":{\"url\":\"ftp://me:secret@x\",\"bucketName\":\"b\"}}}");
    assertThatThrownBy(() -> FluxConfigurationRules.validateAndDefault("cfg", p))
        .hasMessageNotContaining("secret")
        .hasMessageContaining("ftp://***@x");
  }

  @Test
  void decryptionIsAFlotillaExtensionWithProviderSopsAndASecretName() {
    var d =
        withKustomizations(
            "{\"apps\":{\"decryption\":{\"provider\":\"sops\","
                + "\"secretRef\":{\"name\":\"sops-keys\"}}}}");
    var decryption = d.kustomizations().get("apps").decryption();
    assertThat(decryption.provider()).isEqualTo("sops");
    assertThat(decryption.secretRef().name()).isEqualTo("sops-keys");
    // the refused decryptions are rows of invalidProperties
  }

  @Test
  void appliesTheApiDefaults() {
    var d =
        withKustomizations("{\"infra\":{},\"apps\":{\"dependsOn\":[\"infra\"],\"wait\":false}}");
    assertThat(d.scope()).isEqualTo("cluster");
    assertThat(d.namespace()).isEqualTo("default");
    assertThat(d.sourceKind()).isEqualTo("GitRepository");
    assertThat(d.suspend()).isFalse();
    assertThat(d.gitRepository().timeoutInSeconds()).isEqualTo(600);
    assertThat(d.gitRepository().syncIntervalInSeconds()).isEqualTo(600);
    var infra = d.kustomizations().get("infra");
    assertThat(infra.name()).isEqualTo("infra");
    assertThat(infra.path()).isEmpty();
    assertThat(infra.dependsOn()).isEmpty();
    assertThat(infra.timeoutInSeconds()).isEqualTo(600);
    assertThat(infra.syncIntervalInSeconds()).isEqualTo(600);
    assertThat(infra.retryIntervalInSeconds()).isNull();
    assertThat(infra.prune()).isFalse();
    assertThat(infra.force()).isFalse();
    assertThat(infra.waitForHealth()).isTrue();
    assertThat(d.kustomizations().get("apps").waitForHealth()).isFalse();
    assertThat(d.complianceState()).isNull();
    assertThat(d.configurationProtectedSettings()).isNull();
  }

  @Test
  void appliesSourceDefaultsPerKind() {
    var bucket =
        FluxConfigurationRules.validateAndDefault(
            "cfg",
            props(
                "{\"properties\":{\"sourceKind\":\"Bucket\",\"bucket\":{\"url\":\"https://s3\",\"bucketName\":\"b\"},\"gitRepository\":{}}}"));
    assertThat(bucket.bucket().insecure()).isFalse();
    assertThat(bucket.bucket().timeoutInSeconds()).isEqualTo(600);
    assertThat(bucket.gitRepository())
        .as("an empty object of another kind counts as absent")
        .isNull();

    var oci =
        FluxConfigurationRules.validateAndDefault(
            "cfg",
            props(
                "{\"properties\":{\"sourceKind\":\"OCIRepository\",\"ociRepository\":{\"url\":\"oci://ghcr.io/x\",\"layerSelector\":{\"mediaType\":\"m\"}}}}"));
    assertThat(oci.ociRepository().repositoryRef().tag()).isEqualTo("latest");
    assertThat(oci.ociRepository().layerSelector().operation()).isEqualTo("extract");
    assertThat(oci.ociRepository().insecure()).isFalse();
    assertThat(oci.ociRepository().useWorkloadIdentity()).isFalse();

    var blob =
        FluxConfigurationRules.validateAndDefault(
            "cfg",
            props(
                "{\"properties\":{\"sourceKind\":\"AzureBlob\",\"azureBlob\":{\"url\":\"https://a.blob\",\"containerName\":\"c\",\"servicePrincipal\":{\"clientId\":\"i\",\"tenantId\":\"t\"}}}}"));
    assertThat(blob.azureBlob().servicePrincipal().clientCertificateSendChain()).isFalse();
    assertThat(blob.azureBlob().syncIntervalInSeconds()).isEqualTo(600);
  }

  @Test
  void scopeAndNamespaceCannotChange() {
    var before =
        FluxConfigurationRules.validateAndDefault("cfg", props("{\"properties\":{" + GIT + "}}"));
    var ns =
        FluxConfigurationRules.validateAndDefault(
            "cfg", props("{\"properties\":{\"namespace\":\"team\"," + GIT + "}}"));
    var scope =
        FluxConfigurationRules.validateAndDefault(
            "cfg", props("{\"properties\":{\"scope\":\"namespace\"," + GIT + "}}"));
    assertThatThrownBy(() -> FluxConfigurationRules.checkImmutable(before, ns))
        .hasMessageContaining("namespace of an existing flux configuration cannot be changed");
    assertThatThrownBy(() -> FluxConfigurationRules.checkImmutable(before, scope))
        .hasMessageContaining("scope of an existing flux configuration cannot be changed");
    FluxConfigurationRules.checkImmutable(before, before);
  }
}
