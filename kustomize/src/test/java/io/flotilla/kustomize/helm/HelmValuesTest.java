package io.flotilla.kustomize.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

class HelmValuesTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String FILE =
      """
      a: null
      b: {}
      c: 7
      d: true
      e: []
      f: ""
      g: {h: 1}
      """;

  private static String combine(String file, String inline, HelmChart.ValuesMerge mode)
      throws Exception {
    ObjectNode f = (ObjectNode) YAML.readTree(file);
    ObjectNode i = (ObjectNode) YAML.readTree(inline);
    String before = f.toString() + i;
    String out = JSON.writeValueAsString(HelmValues.combine(f, i, mode));
    assertThat(f.toString() + i).as("arguments are not modified").isEqualTo(before);
    return out;
  }

  @Test
  void overrideTakesEveryInlineValueButNullAndMergesMaps() throws Exception {
    assertThat(
            combine(
                FILE,
                "{a: A, b: {k: v}, c: 0, d: false, e: [1], f: null, g: {h: 2, i: null}}",
                HelmChart.ValuesMerge.OVERRIDE))
        .isEqualTo(
            """
            {"a":"A","b":{"k":"v"},"c":0,"d":false,"e":[1],"f":"","g":{"h":2}}""");
  }

  @Test
  void mergeKeepsEveryKeyTheFileHasEvenEmptyOnesAndAddsTheRest() throws Exception {
    assertThat(
            combine(
                FILE,
                "{a: A, b: {k: v}, c: 5, d: false, e: [1], f: F, g: {h: 2, i: 3}, new: 1}",
                HelmChart.ValuesMerge.MERGE))
        .isEqualTo(
            """
            {"a":null,"b":{"k":"v"},"c":7,"d":true,"e":[],"f":"","g":{"h":1,"i":3},"new":1}""");
  }

  @Test
  void replaceIgnoresTheFile() throws Exception {
    assertThat(combine(FILE, "{c: 1, z: null}", HelmChart.ValuesMerge.REPLACE))
        .isEqualTo("{\"c\":1,\"z\":null}");
  }
}
