package io.flotilla.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fields merged into the top kustomization, the way Flux applies a Kustomization's spec. */
class TopLevelFieldsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  @TempDir Path root;

  private static ObjectNode yaml(String text) throws Exception {
    return (ObjectNode) YAML.readTree(text);
  }

  @Test
  void scalarsReplaceListsAppendMapsMerge() throws Exception {
    ObjectNode merged =
        Accumulator.mergeTopLevel(
            yaml("namespace: a\nimages: [{name: x, newTag: '1'}]\ncommonAnnotations: {k1: v1}\n"),
            yaml(
                "namespace: b\nimages: [{name: y, newTag: '2'}]\ncommonAnnotations: {k2: v2}\nnamePrefix: p-\n"));
    assertThat(merged.toString())
        .isEqualTo(
            "{\"namespace\":\"b\",\"images\":[{\"name\":\"x\",\"newTag\":\"1\"},{\"name\":\"y\",\"newTag\":\"2\"}],"
                + "\"commonAnnotations\":{\"k1\":\"v1\",\"k2\":\"v2\"},\"namePrefix\":\"p-\"}");
  }

  @Test
  void appliesToAGeneratedKustomizationToo() throws Exception {
    Path app = root.resolve("app");
    Files.createDirectories(app);
    Files.writeString(
        app.resolve("cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n");
    String out =
        Kustomizer.create(KustomizeOptions.defaults())
            .buildYaml(root, app, yaml("namespace: team-a\nnamePrefix: dev-\n"));
    assertThat(out)
        .isEqualTo(
            """
        apiVersion: v1
        data:
          a: b
        kind: ConfigMap
        metadata:
          name: dev-settings
          namespace: team-a
        """);
  }
}
