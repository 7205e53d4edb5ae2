package io.flotilla.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** YAML in, kustomize's layout out: go-yaml v2 quoting, key order, block scalars, folding. */
class GoYamlEmitterTest {
  private static String roundTrip(String yaml) throws KustomizeException {
    return GoYamlEmitter.write(YamlCodec.parse(yaml, "t.yaml").get(0).node());
  }

  @Test
  void keysSortAndYaml11WordsAreQuoted() throws Exception {
    assertThat(roundTrip("b: yes\na: \"123\"\n\"on\": x\nc: 1.50\nd: 0x1F\ne: ''\n"))
        .isEqualTo("a: \"123\"\nb: \"yes\"\nc: 1.5\nd: 31\ne: \"\"\n\"on\": x\n");
  }

  @Test
  void multiLineStringsBecomeLiteralBlocks() throws Exception {
    assertThat(roundTrip("a: |\n  one\n  two\nb: \"x\\n\\ny\"\nc: \"\\nlead\"\n"))
        .isEqualTo("a: |\n  one\n  two\nb: |-\n  x\n\n  y\nc: |2-\n\n  lead\n");
  }

  @Test
  void sequencesInMapsAreNotIndentedAndEmptiesAreFlow() throws Exception {
    assertThat(roundTrip("l:\n  - a\n  - {b: 1, c: [x]}\ne: {}\nf: []\n"))
        .isEqualTo("e: {}\nf: []\nl:\n- a\n- b: 1\n  c:\n  - x\n");
  }

  @Test
  void longPlainLinesFoldPastColumn80() throws Exception {
    // recorded with kubectl kustomize v5.5
    String words = "word ".repeat(20).trim();
    assertThat(roundTrip("data:\n  k: " + words + "\n"))
        .isEqualTo(
            "data:\n  k: word word word word word word word word word word word word word word word"
                + " word\n    word word word word\n");
  }

  @Test
  void keyOrderIsGoYamlsNaturalOrder() {
    assertThat(GoYamlKeys.compareKeys("a10", "a9")).isPositive();
    assertThat(GoYamlKeys.compareKeys("_x", "a")).isNegative();
  }
}
