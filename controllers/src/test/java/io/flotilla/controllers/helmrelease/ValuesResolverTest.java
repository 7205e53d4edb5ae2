package io.flotilla.controllers.helmrelease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.api.flux.helm.HelmReleaseSpec.ValuesReference;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** valuesFrom then inline values, merged as helm-controller merges them. */
class ValuesResolverTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Map<String, Map<String, String>> OBJECTS =
      Map.of(
          "ConfigMap/base",
          Map.of("values.yaml", "replicas: 1\nimage:\n  tag: v1\n  repo: podinfo\n"),
          "Secret/creds",
          Map.of("values.yaml", "image:\n  tag: v2\n", "token", "s3cr3t", "port", "8080"),
          "ConfigMap/other",
          Map.of("extra.yaml", "extra: true\n"));

  private static final ValuesResolver.Lookup LOOKUP =
      (kind, ns, name) -> Optional.ofNullable(OBJECTS.get(kind + "/" + name));

  private static ValuesReference ref(String kind, String name) {
    return new ValuesReference(kind, name, null, null, null, null);
  }

  private static JsonNode resolve(List<ValuesReference> refs, String inline) throws Exception {
    return ValuesResolver.resolve(
        "apps", refs, inline == null ? null : JSON.readTree(inline), LOOKUP);
  }

  @Test
  void laterReferencesMergeOverEarlierOnesAndInlineValuesWin() throws Exception {
    JsonNode v =
        resolve(List.of(ref("ConfigMap", "base"), ref("Secret", "creds")), "{\"replicas\": 3}");

    assertThat(v)
        .isEqualTo(
            JSON.readTree("{\"replicas\":3,\"image\":{\"tag\":\"v2\",\"repo\":\"podinfo\"}}"));
  }

  @ParameterizedTest(name = "{0} = {1} (literal {2}) -> {3}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "auth.token | s3cr3t | false | {\"auth\":{\"token\":\"s3cr3t\"}}",
        "ports[1] | 8080 | false | {\"ports\":[null,8080]}",
        "port | '8080' | false | {\"port\":\"8080\"}",
        "a\\.b | true | false | {\"a.b\":true}",
        "list | {x,y} | false | {\"list\":[\"x\",\"y\"]}",
        "cmd | a,b=c | true | {\"cmd\":\"a,b=c\"}",
        "zero | 0123 | false | {\"zero\":\"0123\"}",
      })
  void targetPathSetsOneValueWithHelmsSetSyntax(
      String path, String value, boolean literal, String expected) throws Exception {
    Map<String, Map<String, String>> objects = Map.of("ConfigMap/v", Map.of("k", value));
    var refs = List.of(new ValuesReference("ConfigMap", "v", "k", path, null, literal));

    JsonNode v =
        ValuesResolver.resolve(
            "apps", refs, null, (k, ns, n) -> Optional.ofNullable(objects.get(k + "/" + n)));

    assertThat(v).isEqualTo(JSON.readTree(expected));
  }

  @Test
  void aTargetPathOverridesWhatCameBeforeIt() throws Exception {
    var refs =
        List.of(
            ref("ConfigMap", "base"),
            new ValuesReference("Secret", "creds", "token", "image.tag", null, null));

    assertThat(resolve(refs, null).at("/image/tag").asText()).isEqualTo("s3cr3t");
  }

  @Test
  void optionalReferencesMayBeMissing() throws Exception {
    var refs =
        List.of(
            new ValuesReference("ConfigMap", "absent", null, null, true, null),
            new ValuesReference("ConfigMap", "other", "nope.yaml", null, true, null),
            new ValuesReference("ConfigMap", "other", "extra.yaml", null, null, null));

    assertThat(resolve(refs, null)).isEqualTo(JSON.readTree("{\"extra\":true}"));
  }

  @Test
  void aMissingObjectOrKeyIsNamedWithFluxsWording() {
    assertThatThrownBy(() -> resolve(List.of(ref("ConfigMap", "absent")), null))
        .hasMessage(
            "could not resolve ConfigMap chart values reference 'apps/absent' with key"
                + " 'values.yaml': configmaps \"absent\" not found");
    assertThatThrownBy(
            () ->
                resolve(
                    List.of(new ValuesReference("Secret", "creds", "missing", null, null, null)),
                    null))
        .hasMessage(
            "could not resolve Secret chart values reference 'apps/creds' with key 'missing':"
                + " key not found");
    assertThatThrownBy(() -> resolve(List.of(ref("Bucket", "x")), null))
        .hasMessageEndingWith(": unsupported values reference kind");
  }

  @Test
  void valuesThatAreNotYamlDoNotLeakTheirContent() {
    Map<String, Map<String, String>> objects =
        Map.of("Secret/bad", Map.of("values.yaml", "password: [unclosed s3cr3t"));
    assertThatThrownBy(
            () ->
                ValuesResolver.resolve(
                    "apps",
                    List.of(ref("Secret", "bad")),
                    null,
                    (k, ns, n) -> Optional.ofNullable(objects.get(k + "/" + n))))
        .hasMessageNotContaining("s3cr3t")
        .hasMessageContaining("'apps/bad'");
  }
}
