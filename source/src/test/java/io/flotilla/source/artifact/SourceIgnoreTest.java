package io.flotilla.source.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceIgnoreTest {
  @TempDir Path tree;

  private boolean excluded(SourceIgnore ignore, String path, boolean dir) throws IOException {
    return ignore.forTree(tree).excluded(List.of(path.split("/")), dir);
  }

  @Test
  void defaultsExcludeVcsImagesArchivesCiAndSopsFiles() throws IOException {
    SourceIgnore d = SourceIgnore.defaults();
    assertThat(excluded(d, ".git", true)).isTrue();
    assertThat(excluded(d, ".git/config", false)).isTrue();
    assertThat(excluded(d, "sub/.gitignore", false)).isTrue();
    assertThat(excluded(d, "docs/logo.png", false)).isTrue();
    assertThat(excluded(d, "release.tar.gz", false)).isTrue();
    assertThat(excluded(d, ".github", true)).isTrue();
    assertThat(excluded(d, ".github/workflows/ci.yaml", false)).isTrue();
    assertThat(excluded(d, ".gitlab-ci.yml", false)).isTrue();
    assertThat(excluded(d, "clusters/prod/.sops.yaml", false)).isTrue();
    assertThat(excluded(d, "deep/er/.flux.yaml", false)).isTrue();
  }

  @Test
  void defaultsKeepManifests() throws IOException {
    SourceIgnore d = SourceIgnore.defaults();
    assertThat(excluded(d, "apps/deploy.yaml", false)).isFalse();
    assertThat(excluded(d, "apps", true)).isFalse();
    assertThat(excluded(d, "github/x.yaml", false)).isFalse();
    // ".github/" only matches a directory
    assertThat(excluded(d, ".github", false)).isFalse();
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
