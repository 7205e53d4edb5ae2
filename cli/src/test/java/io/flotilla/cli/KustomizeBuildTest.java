package io.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KustomizeBuildTest {
  @TempDir Path dir;

  @Test
  void theFastPathTakesOnlyPlainBuilds() {
    assertThat(KustomizeBuild.parse(new String[] {"kustomize", "build"}))
        .isEqualTo(new KustomizeBuild.Flags(Path.of("."), false, "LoadRestrictionsRootOnly"));
    assertThat(
            KustomizeBuild.parse(
                new String[] {
                  "kustomize",
                  "build",
                  "d",
                  "--enable-helm",
                  "--load-restrictor",
                  "LoadRestrictionsNone"
                }))
        .isEqualTo(new KustomizeBuild.Flags(Path.of("d"), true, "LoadRestrictionsNone"));
    assertThat(
            KustomizeBuild.parse(
                new String[] {"kustomize", "build", "--load-restrictor=none", "d"}))
        .isEqualTo(new KustomizeBuild.Flags(Path.of("d"), false, "none"));
    // everything else is picocli's: help, unknown flags, a second directory, other commands
    assertThat(KustomizeBuild.parse(new String[] {"kustomize", "build", "--help"})).isNull();
    assertThat(KustomizeBuild.parse(new String[] {"kustomize", "build", "-o", "x"})).isNull();
    assertThat(KustomizeBuild.parse(new String[] {"kustomize", "build", "a", "b"})).isNull();
    assertThat(KustomizeBuild.parse(new String[] {"kustomize"})).isNull();
    assertThat(KustomizeBuild.parse(new String[] {"k8s-configuration", "flux", "list"})).isNull();
  }

  @Test
  void buildsLikeTheCommandAndFailsWithoutPartialOutput() throws Exception {
    Files.writeString(dir.resolve("kustomization.yaml"), "namePrefix: p-\nresources: [cm.yaml]\n");
    Files.writeString(
        dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        KustomizeBuild.run(
            dir, false, "LoadRestrictionsRootOnly", new PrintWriter(out), new PrintWriter(err));
    assertThat(code).isZero();
    assertThat(out.toString())
        .isEqualTo("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p-a\n");
    assertThat(err.toString()).isEmpty();

    Files.writeString(dir.resolve("kustomization.yaml"), "helmCharts: [{name: web}]\n");
    out = new StringWriter();
    code =
        KustomizeBuild.run(
            dir, false, "LoadRestrictionsRootOnly", new PrintWriter(out), new PrintWriter(err));
    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).startsWith("Error: ").contains("must specify --enable-helm");

    err = new StringWriter();
    code = KustomizeBuild.run(dir, false, "sometimes", new PrintWriter(out), new PrintWriter(err));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("illegal flag value --load-restrictor sometimes");
  }

  @Test
  void anAliasBombExitsWithGoYamlsMessageAndNoOutput() throws Exception {
    StringBuilder bomb = new StringBuilder("a0: &a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n");
    for (int i = 1; i <= 9; i++) {
      bomb.append(
          "a%d: &a%d [%s]\n"
              .formatted(i, i, String.join(",", java.util.Collections.nCopies(9, "*a" + (i - 1)))));
    }
    Files.writeString(dir.resolve("kustomization.yaml"), "resources: [bomb.yaml]\n");
    Files.writeString(dir.resolve("bomb.yaml"), bomb.toString());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        KustomizeBuild.run(
            dir, false, "LoadRestrictionsRootOnly", new PrintWriter(out), new PrintWriter(err));
    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString())
        .isEqualTo(
            "Error: accumulating resources from 'bomb.yaml': MalformedYAMLError: yaml: document"
                + " contains excessive aliasing in File: bomb.yaml\n");
  }
}
