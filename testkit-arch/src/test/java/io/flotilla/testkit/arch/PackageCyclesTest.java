package io.flotilla.testkit.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageCyclesTest {
  @TempDir Path root;

  @Test
  void aPackageThatImportsBackThroughAnotherIsOneCycle() throws IOException {
    write("a/A.java", "package x.a;\nimport x.b.B;\nclass A {}\n");
    write("b/B.java", "package x.b;\nimport x.c.C;\nclass B {}\n");
    write("c/C.java", "package x.c;\nimport static x.a.A.Inner.run;\nclass C {}\n");
    write("d/D.java", "package x.d;\nimport x.a.A;\nimport java.util.List;\nclass D {}\n");

    assertThat(PackageCycles.packages(root)).containsExactly("x.a", "x.b", "x.c", "x.d");
    assertThat(PackageCycles.in(root)).containsExactly(Set.of("x.a", "x.b", "x.c"));
  }

  @Test
  void importsThatGoOneWayAreNoCycle() throws IOException {
    write("a/A.java", "package x.a;\nimport x.b.B;\nclass A {}\n");
    write("b/B.java", "package x.b;\nimport java.util.List;\nclass B {}\n");

    assertThat(PackageCycles.in(root)).isEmpty();
  }

  private void write(String path, String source) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, source);
  }
}
