package io.flotilla.source.git;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RevisionTest {
  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  @Test
  void branchRevisionUsesTheShortBranchName() {
    assertThat(Revision.of("refs/heads/main", SHA)).isEqualTo("main@sha1:" + SHA);
    assertThat(Revision.of("refs/heads/feature/x", SHA)).isEqualTo("feature/x@sha1:" + SHA);
  }

  @Test
  void tagRevisionUsesTheTagName() {
    assertThat(Revision.of("refs/tags/v1.0.0", SHA)).isEqualTo("v1.0.0@sha1:" + SHA);
  }

  @Test
  void otherRefsDropTheirFirstTwoSegments() {
    assertThat(Revision.of("refs/pull/1/head", SHA)).isEqualTo("1/head@sha1:" + SHA);
  }

  @Test
  void commitOnlyRevisionIsTheDigest() {
    assertThat(Revision.of(null, SHA)).isEqualTo("sha1:" + SHA);
    assertThat(Revision.of("HEAD", SHA)).isEqualTo("sha1:" + SHA);
  }

  @Test
  void emptyRefDefaultsToMaster() {
    assertThat(new GitRef(" ", null, "", null, null).effectiveBranch()).isEqualTo("master");
    assertThat(GitRef.ofBranch("main").effectiveBranch()).isEqualTo("main");
  }

  @Test
  void credentialsNeverPrintSecrets() {
    assertThat(GitCredentials.basic("bob", "s3cret").toString()).doesNotContain("s3cret");
    assertThat(GitCredentials.bearer("tok3n").toString()).doesNotContain("tok3n");
  }
}
