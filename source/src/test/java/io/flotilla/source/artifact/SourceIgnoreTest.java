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

  @Test
  void specIgnoreReplacesTheDefaultsButNotTheVcsRules() throws IOException {
    SourceIgnore spec = SourceIgnore.of("/*\n!/deploy\n");
    assertThat(excluded(spec, "README.md", false)).isTrue();
    assertThat(excluded(spec, "deploy", true)).isFalse();
    assertThat(excluded(spec, "deploy/app.yaml", false)).isFalse();
    // with user rules, images are no longer excluded by default
    assertThat(excluded(spec, "deploy/logo.png", false)).isFalse();
    assertThat(excluded(spec, "deploy/.git/config", false)).isTrue();
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

  @Test
  void lastMatchingRuleWinsAndDoubleStarSpansDirectories() throws IOException {
    SourceIgnore spec = SourceIgnore.of("**/secret*.yaml\n!keep/**/secret-ok.yaml\ndocs/**\n");
    assertThat(excluded(spec, "a/b/secret1.yaml", false)).isTrue();
    assertThat(excluded(spec, "keep/x/secret-ok.yaml", false)).isFalse();
    assertThat(excluded(spec, "docs/a/b.md", false)).isTrue();
    assertThat(excluded(spec, "docs", true)).isFalse();
  }

  @Test
  void characterClassesAndEscapes() throws IOException {
    SourceIgnore spec = SourceIgnore.of("file[0-9].yaml\n\\!bang\nv?.txt\n");
    assertThat(excluded(spec, "file3.yaml", false)).isTrue();
    assertThat(excluded(spec, "filex.yaml", false)).isFalse();
    assertThat(excluded(spec, "!bang", false)).isTrue();
    assertThat(excluded(spec, "v1.txt", false)).isTrue();
    assertThat(excluded(spec, "v10.txt", false)).isFalse();
  }
}
