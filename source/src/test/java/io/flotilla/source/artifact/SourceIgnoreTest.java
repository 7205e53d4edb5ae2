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

  @ParameterizedTest(name = "{0} (directory: {1})")
  @CsvSource({
    ".git, true",
    ".git/config, false",
    "sub/.gitignore, false",
    "docs/logo.png, false",
    "release.tar.gz, false",
    ".github, true",
    ".github/workflows/ci.yaml, false",
    ".gitlab-ci.yml, false",
    "clusters/prod/.sops.yaml, false",
    "deep/er/.flux.yaml, false",
  })
  void defaultsExcludeVcsImagesArchivesCiAndSopsFiles(String path, boolean dir) throws IOException {
    assertThat(excluded(SourceIgnore.defaults(), path, dir)).isTrue();
  }

  @ParameterizedTest(name = "{0} (directory: {1})")
  @CsvSource({
    "apps/deploy.yaml, false",
    "apps, true",
    "github/x.yaml, false",
    // ".github/" only matches a directory
    ".github, false",
  })
  void defaultsKeepManifests(String path, boolean dir) throws IOException {
    assertThat(excluded(SourceIgnore.defaults(), path, dir)).isFalse();
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
