package io.flotilla.controllers.kustomization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.controllers.runtime.ReconcileException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * postBuild on one built object: substituted into its YAML and read back as Flux reads it, except
 * that neither a line break nor a key written twice gets through.
 */
class PostBuildTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ManifestBuilder builder = new ManifestBuilder(null, true);

  private static ObjectNode configMap(String data) throws Exception {
    return (ObjectNode)
        JSON.readTree(
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"app\"},"
                + "\"data\":"
                + data
                + "}");
  }

  @Test
  void theSubstitutedTextIsReadAsYaml() throws Exception {
    ObjectNode cm = configMap("{\"n\":\"${N}\"}");
    cm.put("replicas", "${N}");
    var out = builder.substitute(cm, Map.of("N", "3"));
    assertThat(out.path("replicas").isIntegralNumber()).as(out.toString()).isTrue();
    assertThat(out.path("replicas").asInt()).isEqualTo(3);
    // the repository's quotes around "${N}" do not survive the build, in Flux either
    // (flux2#1839): the ConfigMap value becomes a number too
    assertThat(out.path("data").path("n").isIntegralNumber()).as(out.toString()).isTrue();
  }

  @Test
  void aValueThatCarriesItsOwnQuotesStaysAString() throws Exception {
    ObjectNode cm = configMap("{\"n\":\"${N}\"}");
    var out = builder.substitute(cm, Map.of("N", "\"3\""));
    assertThat(out.path("data").path("n").isTextual()).as(out.toString()).isTrue();
    assertThat(out.path("data").path("n").asText()).isEqualTo("3");
  }

  @Test
  void aValueIsSubstitutedWithoutItsLineBreaksAsFluxDoes() {
    assertThat(io.flotilla.kustomize.postbuild.PostBuild.withoutLineBreaks("a\nb\r\nc"))
        .isEqualTo("abc");
  }

  @Test
  void aValueThatWouldWriteAKeyTwiceIsRefusedNamingTheObject() throws Exception {
    ObjectNode cm = configMap("{}");
    cm.put("spec", "${SPEC}");
    assertThatThrownBy(() -> builder.substitute(cm, Map.of("SPEC", "{replicas: 1, replicas: 9}")))
        .isInstanceOf(ReconcileException.class)
        .hasMessage(
            "post build failed for 'ConfigMap.v1.[noGrp]/app': envsubst error: YAMLToJSON: yaml:"
                + " line 6: mapping key \"replicas\" already defined at line 6");
  }

  @Test
  void aValueLeftWithAColonIsNotYamlAndIsRefused() throws Exception {
    ObjectNode cm = configMap("{\"note\":\"${NOTE}\",\"owner\":\"git\"}");
    // the manifest quoted nothing: ${NOTE} is a plain scalar in the printed YAML
    var value =
        io.flotilla.kustomize.postbuild.PostBuild.withoutLineBreaks("hello\nowner: attacker");
    assertThatThrownBy(() -> builder.substitute(cm, Map.of("NOTE", value)))
        .hasMessageContaining("envsubst error: YAMLToJSON: yaml: line 3:")
        .hasMessageContaining("mapping values are not allowed in this context");
  }
}
