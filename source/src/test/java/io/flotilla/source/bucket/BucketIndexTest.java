package io.flotilla.source.bucket;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.source.artifact.SourceIgnore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

  @ParameterizedTest(name = "{0} excluded: {1}")
  @CsvSource({
    "docs/a.yaml, true",
    "x/docs/a.yaml, true",
    "readme.md, true",
    "sub/keep.md, false",
    "top.yaml, true",
    "sub/top.yaml, false",
    "apps/a/b/secret.yaml, true",
    "apps/deploy.yaml, false"
  })
  void ignoreRulesFollowGitignore(String key, boolean excluded) {
    assertThat(
            SourceIgnore.keyMatcher("docs/\n*.md\n!keep.md\n/top.yaml\napps/**/secret.yaml\n")
                .test(key))
        .isEqualTo(excluded);
  }

  @ParameterizedTest(name = "{0} safe: {1}")
  @CsvSource({"apps/deploy.yaml, true", "../etc/passwd, false", "/abs, false", "a//b, false"})
  void keysThatWouldEscapeTheDirectoryAreUnsafe(String key, boolean safe) {
    assertThat(BucketFetcher.safe(key)).isEqualTo(safe);
  }
}
