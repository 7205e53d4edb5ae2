package io.flotilla.kustomize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository's YAML is read within bounds: go-yaml's alias expansion budget, a nesting depth, a
 * document size. A small hostile file fails its own build with go-yaml's words, quickly and without
 * filling the heap; ordinary aliasing still works.
 */
class YamlLimitsTest {
  @TempDir Path root;

  /**
   * {@code levels} anchors, each a list of {@code fanout} aliases of the one before: 9^9 leaves.
   */
  static String laughs(int levels, int fanout) {
    StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n");
    yaml.append("  name: bomb\n  labels:\n    a0: &a0 [lol").append(",lol".repeat(fanout - 1));
    yaml.append("]\n");
    for (int i = 1; i <= levels; i++) {
      yaml.append("    a").append(i).append(": &a").append(i).append(" [*a").append(i - 1);
      yaml.append((",*a" + (i - 1)).repeat(fanout - 1)).append("]\n");
    }
    return yaml.toString();
  }

  private String build(String resource) throws Exception {
    Files.writeString(root.resolve("kustomization.yaml"), "resources: [res.yaml]\n");
    Files.writeString(root.resolve("res.yaml"), resource);
    return Kustomizer.create(KustomizeOptions.defaults()).buildYaml(root, root);
  }

  @Test
  void aOneKilobyteAliasBombFailsItsBuildAtOnceWithGoYamlsMessage() {
    String bomb = laughs(9, 9);
    assertThat(bomb.length()).isLessThan(1024);
    Instant start = Instant.now();
    assertThatThrownBy(() -> build(bomb))
        .isInstanceOf(KustomizeException.class)
        .hasMessageEndingWith(
            "MalformedYAMLError: yaml: document contains excessive aliasing in File: res.yaml");
    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void ordinaryAliasingIsExpandedEvenWithManyAliases() throws Exception {
    // more aliases than snakeyaml's default cap of 50 collections, well inside go-yaml's budget
    StringBuilder yaml =
        new StringBuilder(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: many\nbase: &base {k: v}\nx:\n");
    for (int i = 0; i < 300; i++) {
      yaml.append("  i").append(i).append(": *base\n");
    }
    String out = build(yaml.toString());
    assertThat(out).contains("  i0:\n    k: v\n").contains("  i299:\n    k: v\n");
  }

  @Test
  void anAnchorThatHoldsItselfIsRefused() {
    assertThatThrownBy(
            () ->
                build("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\nx: &loop [*loop]\n"))
        .hasMessageEndingWith(
            "MalformedYAMLError: yaml: anchor 'loop' value contains itself in File: res.yaml");
  }

  @Test
  void nestingDeeperThanTheLimitIsRefusedWithoutOverflowingTheStack() throws Exception {
    int depth = YamlLimits.MAX_DEPTH;
    String ok = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\nx: ";
    assertThat(build(ok + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "\n"))
        .contains("name: deep");
    assertThatThrownBy(() -> build(ok + "[".repeat(5000) + "]".repeat(5000) + "\n"))
        .hasMessageEndingWith(
            "MalformedYAMLError: yaml: exceeded max depth of 1000 in File: res.yaml");
  }

  @Test
  void aDocumentLargerThanAnObjectMayBeIsRefused() {
    StringBuilder big =
        new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n");
    big.append("data:\n");
    for (int i = 0; big.length() <= YamlLimits.MAX_DOCUMENT_CODE_POINTS; i++) {
      big.append("  k").append(i).append(": \"").append("x".repeat(4000)).append("\"\n");
    }
    assertThatThrownBy(() -> build(big.toString()))
        .hasMessageEndingWith(
            "MalformedYAMLError: yaml: document is larger than 3 MiB (3145728 code points), the"
                + " most an object may be in File: res.yaml");
  }

  @Test
  void readingOutsideABuildKeepsTheBoundsAndRefusesAKeyWrittenTwice() throws Exception {
    assertThat(Yaml.read("a: yes\nb: '1'\n---\n---\nc: *x\n".replace("*x", "[1]")))
        .hasSize(2)
        .first()
        .satisfies(d -> assertThat(d.get("a").isBoolean()).isTrue());
    assertThatThrownBy(() -> Yaml.read("a: 1\nb: {k: 1, k: 2}\n"))
        .isInstanceOf(Yaml.InvalidYamlException.class)
        .hasMessage("yaml: line 2: mapping key \"k\" already defined at line 2");
    assertThatThrownBy(() -> Yaml.read(laughs(9, 9)))
        .hasMessage("yaml: document contains excessive aliasing");
  }
}
