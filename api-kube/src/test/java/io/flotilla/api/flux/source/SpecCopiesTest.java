package io.flotilla.api.flux.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.flux.kustomize.KustomizationSpec;
import io.flotilla.api.flux.meta.LocalObjectReference;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The specs' {@code with…} copies change the fields they name and keep every other one. */
class SpecCopiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String GIT =
      """
      {"url":"https://example.com/repo","secretRef":{"name":"s"},"provider":"generic",
       "interval":"1m","timeout":"60s","ref":{"branch":"main"},"ignore":"/*.md","suspend":true,
       "recurseSubmodules":true,"verify":{"mode":"HEAD"},"include":[{"repository":{"name":"o"}}],
       "sparseCheckout":["apps"],"proxySecretRef":{"name":"p"}}
      """;

  private static final String KUSTOMIZATION =
      """
      {"sourceRef":{"kind":"GitRepository","name":"repo"},"path":"./app","interval":"1m",
       "retryInterval":"2m","timeout":"3m","prune":true,"deletionPolicy":"Delete","wait":true,
       "force":true,"dependsOn":[{"name":"base"}],"healthChecks":[{"kind":"Deployment"}],
       "targetNamespace":"t","namePrefix":"p-","nameSuffix":"-s","serviceAccountName":"sa",
       "suspend":true,"postBuild":{"substitute":{"a":"b"}},"commonMetadata":{"labels":{"l":"v"}},
       "patches":[{"patch":"x"}],"images":[{"name":"nginx"}],"components":["c"],
       "healthCheckExprs":[{"apiVersion":"v1","kind":"Pod"}],"kubeConfig":{"secretRef":{"name":"k"}},
       "decryption":{"provider":"sops"}}
      """;

  static List<Arguments> gitCopies() {
    var secret = new LocalObjectReference("other");
    return List.of(
        copy("secretRef", "{\"name\":\"other\"}", s -> s.withSecretRef(secret)),
        copy("provider", "\"azure\"", s -> s.withProvider("azure")),
        copy("timeout", "\"2m\"", s -> s.withTimeout("2m")),
        copy("suspend", "false", s -> s.withSuspend(false)),
        copy(
            "sparseCheckout",
            "[\"other\"]",
            s -> s.withContent(s.verify(), s.include(), List.of("other"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("gitCopies")
  void aGitRepositorySpecCopyChangesOneField(
      String field, String value, UnaryOperator<GitRepositorySpec> copy) throws Exception {
    GitRepositorySpec spec = JSON.readValue(GIT, GitRepositorySpec.class);
    ObjectNode expected = (ObjectNode) JSON.readTree(GIT);
    assertThat((Object) JSON.valueToTree(spec)).as("the fixture round-trips").isEqualTo(expected);
    expected.set(field, JSON.readTree(value));
    assertThat((Object) JSON.valueToTree(copy.apply(spec))).isEqualTo(expected);
  }

  @Test
  void aKustomizationSpecWithDecryptionKeepsTheRest() throws Exception {
    String value = "{\"provider\":\"sops\",\"secretRef\":{\"name\":\"keys\"}}";
    KustomizationSpec spec = JSON.readValue(KUSTOMIZATION, KustomizationSpec.class);
    ObjectNode expected = (ObjectNode) JSON.readTree(KUSTOMIZATION);
    assertThat((Object) JSON.valueToTree(spec)).as("the fixture round-trips").isEqualTo(expected);
    expected.set("decryption", JSON.readTree(value));
    KustomizationSpec.Decryption d = JSON.readValue(value, KustomizationSpec.Decryption.class);
    assertThat((Object) JSON.valueToTree(spec.withDecryption(d))).isEqualTo(expected);
  }

  private static Arguments copy(String field, String value, UnaryOperator<GitRepositorySpec> copy) {
    return Arguments.of(field, value, copy);
  }

  @Test
  void aKustomizationSpecOfFieldsHasThoseFieldsOnly() {
    KustomizationSpec spec =
        KustomizationSpec.of(
            b -> {
              b.path = "./app";
              b.prune = true;
              b.waitForHealth = false;
            });
    assertThat((Object) JSON.valueToTree(spec))
        .isEqualTo(
            JSON.createObjectNode().put("path", "./app").put("prune", true).put("wait", false));
  }
}
