package io.flotilla.source.bucket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bucket revision as source-controller computes it, and the key filter. */
class BucketIndexTest {
  @Test
  void theRevisionIsSha256OverSortedKeyEtagLines() throws Exception {
    BucketIndex index = new BucketIndex(Map.of("b/two.yaml", "e2", "a.yaml", "e1"));
    String expected =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest("a.yaml e1\nb/two.yaml e2\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(index.revision()).isEqualTo("sha256:" + expected);
    assertThat(new BucketIndex().revision())
        .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void ignoreRulesFollowGitignore() {
    java.util.function.Predicate<String> excluded =
        io.flotilla.source.artifact.SourceIgnore.keyMatcher(
            "docs/\n*.md\n!keep.md\n/top.yaml\napps/**/secret.yaml\n");
    assertThat(excluded.test("docs/a.yaml")).isTrue();
    assertThat(excluded.test("x/docs/a.yaml")).isTrue();
    assertThat(excluded.test("readme.md")).isTrue();
    assertThat(excluded.test("sub/keep.md")).isFalse();
    assertThat(excluded.test("top.yaml")).isTrue();
    assertThat(excluded.test("sub/top.yaml")).isFalse();
    assertThat(excluded.test("apps/a/b/secret.yaml")).isTrue();
    assertThat(excluded.test("apps/deploy.yaml")).isFalse();
  }

  @Test
  void keysThatWouldEscapeTheDirectoryAreUnsafe() {
    assertThat(BucketFetcher.safe("apps/deploy.yaml")).isTrue();
    assertThat(BucketFetcher.safe("../etc/passwd")).isFalse();
    assertThat(BucketFetcher.safe("/abs")).isFalse();
    assertThat(BucketFetcher.safe("a//b")).isFalse();
  }
}
