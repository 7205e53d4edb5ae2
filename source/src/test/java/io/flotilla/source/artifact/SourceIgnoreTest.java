package io.flotilla.source.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourceIgnoreTest {
  @TempDir Path tree;

  private boolean excluded(SourceIgnore ignore, String path, boolean dir) throws IOException {
    return ignore.forTree(tree).excluded(List.of(path.split("/")), dir);
  }

  @ParameterizedTest(name = "{0} (directory: {1}) excluded: {2}")
  @CsvSource({
    // VCS, images, archives, CI and SOPS files are excluded
    ".git, true, true",
    ".git/config, false, true",
    "sub/.gitignore, false, true",
    "docs/logo.png, false, true",
    "release.tar.gz, false, true",
    ".github, true, true",
    ".github/workflows/ci.yaml, false, true",
    ".gitlab-ci.yml, false, true",
    "clusters/prod/.sops.yaml, false, true",
    "deep/er/.flux.yaml, false, true",
    // manifests are kept
    "apps/deploy.yaml, false, false",
    "apps, true, false",
    "github/x.yaml, false, false",
    // ".github/" only matches a directory
    ".github, false, false",
  })
  void defaultsExcludeVcsImagesArchivesCiAndSopsFilesAndKeepManifests(
      String path, boolean dir, boolean excluded) throws IOException {
    assertThat(excluded(SourceIgnore.defaults(), path, dir)).isEqualTo(excluded);
  }

  /** {@code spec.ignore} rules, their lines joined by {@code |}. */
  @ParameterizedTest(name = "{0}: {1} (directory: {2}) excluded: {3}")
  @CsvSource({
    // spec.ignore replaces the defaults but not the VCS rules
    "/*|!/deploy, README.md, false, true",
    "/*|!/deploy, deploy, true, false",
    "/*|!/deploy, deploy/app.yaml, false, false",
    // with user rules, images are no longer excluded by default
    "/*|!/deploy, deploy/logo.png, false, false",
    "/*|!/deploy, deploy/.git/config, false, true",
    // the last matching rule wins, and ** spans directories
    "**/secret*.yaml|!keep/**/secret-ok.yaml|docs/**, a/b/secret1.yaml, false, true",
    "**/secret*.yaml|!keep/**/secret-ok.yaml|docs/**, keep/x/secret-ok.yaml, false, false",
    "**/secret*.yaml|!keep/**/secret-ok.yaml|docs/**, docs/a/b.md, false, true",
    "**/secret*.yaml|!keep/**/secret-ok.yaml|docs/**, docs, true, false",
    // character classes and escapes
    "file[0-9].yaml|\\!bang|v?.txt, file3.yaml, false, true",
    "file[0-9].yaml|\\!bang|v?.txt, filex.yaml, false, false",
    "file[0-9].yaml|\\!bang|v?.txt, !bang, false, true",
    "file[0-9].yaml|\\!bang|v?.txt, v1.txt, false, true",
    "file[0-9].yaml|\\!bang|v?.txt, v10.txt, false, false",
  })
  void specIgnoreRules(String rules, String path, boolean dir, boolean excluded)
      throws IOException {
    SourceIgnore spec = SourceIgnore.of(rules.replace('|', '\n') + "\n");
    assertThat(excluded(spec, path, dir)).isEqualTo(excluded);
  }

  @Test
  void sourceIgnoreFilesApplyBelowTheirDirectory() throws IOException {
    Files.createDirectories(tree.resolve("apps"));
    Files.writeString(tree.resolve("apps/.sourceignore"), "# tests\n*.test.yaml\n/local/\n");
    SourceIgnore d = SourceIgnore.defaults();
    assertThat(excluded(d, "apps/a.test.yaml", false)).isTrue();
    assertThat(excluded(d, "apps/sub/b.test.yaml", false)).isTrue();
    assertThat(excluded(d, "c.test.yaml", false)).isFalse();
    assertThat(excluded(d, "apps/local", true)).isTrue();
    assertThat(excluded(d, "apps/sub/local", true)).isFalse();
  }
}
