package io.flotilla.kustomize;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** What a build spec stands on: kustomization files written under a fresh root, then built. */
abstract class KustomizeBuildSpec {
  @TempDir Path root;

  void file(String rel, String text) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  String build(String dir) throws KustomizeException {
    return Kustomizer.create(KustomizeOptions.defaults()).buildYaml(root, Path.of(dir));
  }
}
