package io.flotilla.source.git;

import static io.flotilla.source.git.SourceFailures.assertFailed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.flotilla.source.SourceException;
import io.flotilla.testkit.git.GitRepoFixture;
import io.flotilla.testkit.git.GpgKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spec.verify}: commits and tags signed by git with gpg keys made in the test, checked
 * against armored public keys as source-controller checks them.
 */
class GitVerifyIT {
  @TempDir static Path base;
  @TempDir Path tmp;
  @AutoClose static GpgKey ed25519;
  @AutoClose static GpgKey rsa;
  @AutoClose static GpgKey stranger;
  static GitRepoFixture repo;
  static String signedHead;
  final GitFetcher fetcher = new GitFetcher(Duration.ofSeconds(20));

  @BeforeAll
  static void repository() {
    assumeTrue(GpgKey.available(), "gpg is not installed");
    ed25519 = GpgKey.generate(base.resolve("gpg"), "Flux Signer <signer@example.com>", "ed25519");
    rsa = GpgKey.generate(base.resolve("gpg"), "RSA Signer <rsa@example.com>", "rsa2048");
    stranger = GpgKey.generate(base.resolve("gpg"), "Stranger <x@example.com>", "ed25519");
    repo = GitRepoFixture.create(base, "signed");
    ed25519.configure(repo);
    signedHead = repo.commitSigned("deploy/b.yaml", "kind: Secret\n", "signed change");
    repo.tag("v1.0.0", "signed");
    repo.tag("v1.0.1-annotated", "annotated");
    repo.tag("v1.0.2-light", "lightweight");
    GitRepoFixture.git(repo.work(), "checkout", "-q", "-b", "unsigned");
    repo.commit("deploy/c.yaml", "kind: Service\n", "unsigned change");
    GitRepoFixture.git(repo.work(), "checkout", "-q", "-b", "rsa", "main");
    rsa.configure(repo);
    repo.commitSigned("deploy/d.yaml", "kind: Job\n", "rsa-signed change");
    repo.push("main", "unsigned", "rsa", "--tags");
  }

  GitFetchResult fetch(GitRef ref) throws SourceException {
    return fetcher.fetch(repo.fileUrl(), ref, GitCredentials.NONE, tmp.resolve("checkout"));
  }

  static SourceException failure(
      GitFetchResult fetched, boolean head, boolean tag, String... keys) {
    try {
      GitVerifier.verify(fetched, head, tag, List.of(keys));
    } catch (SourceException e) {
      return e;
    }
    throw new AssertionError("verification passed");
  }

  @Test
  void aSignedHeadVerifiesAndNamesTheKey() throws Exception {
    GitFetchResult fetched = fetch(GitRef.ofBranch("main"));
    String message =
        GitVerifier.verify(
            fetched, true, false, List.of(stranger.armoredPublicKey(), ed25519.armoredPublicKey()));
    assertThat(message)
        .isEqualTo(
            "verified signature of\n\t- commit '%s' with key '%s'"
                .formatted(signedHead, ed25519.keyId()));
  }

  @Test
  void anRsaSignatureVerifiesToo() throws Exception {
    GitFetchResult fetched = fetch(GitRef.ofBranch("rsa"));
    assertThat(GitVerifier.verify(fetched, true, false, List.of(rsa.armoredPublicKey())))
        .endsWith("with key '" + rsa.keyId() + "'");
  }

  @Test
  void anUnsignedCommitFails() throws Exception {
    GitFetchResult fetched = fetch(GitRef.ofBranch("unsigned"));
    SourceException e = failure(fetched, true, false, ed25519.armoredPublicKey());
    assertThat(e.terminal()).isFalse();
    assertFailed(e, "InvalidCommitSignature")
        .isEqualTo(
            "signature verification of commit '%s' failed: unable to verify Git commit: unable to verify payload as the provided signature is empty"
                .formatted(fetched.commit()));
  }

  @Test
  void aCommitSignedByAnotherKeyFails() throws Exception {
    GitFetchResult fetched = fetch(GitRef.ofBranch("main"));
    SourceException e = failure(fetched, true, false, stranger.armoredPublicKey());
    assertFailed(e, "InvalidCommitSignature")
        .endsWith(
            "unable to verify Git commit: unable to verify payload with any of the given key rings");
  }

  @Test
  void aSignedTagAndItsCommitVerifyTogether() throws Exception {
    GitFetchResult fetched = fetch(new GitRef(null, "v1.0.0", null, null, null));
    assertThat(fetched.tag()).isNotNull();
    String message = GitVerifier.verify(fetched, true, true, List.of(ed25519.armoredPublicKey()));
    assertThat(message)
        .isEqualTo(
            "verified signature of\n\t- tag 'v1.0.0@sha1:%s' with key '%s'\n\t- commit '%s' with key '%s'"
                .formatted(fetched.tag().id(), ed25519.keyId(), signedHead, ed25519.keyId()));
    SourceException e = failure(fetched, false, true, stranger.armoredPublicKey());
    assertThat(e.reason()).isEqualTo("InvalidTagSignature");
  }

  @Test
  void anUnsignedAnnotatedTagCannotBeVerified() throws Exception {
    GitFetchResult fetched = fetch(new GitRef(null, "v1.0.1-annotated", null, null, null));
    SourceException e = failure(fetched, false, true, ed25519.armoredPublicKey());
    assertFailed(e, "InvalidGitObject").endsWith("since it is not signed");
  }

  @Test
  void tagModeNeedsATagRef() throws Exception {
    SourceException branch =
        failure(fetch(GitRef.ofBranch("main")), false, true, ed25519.armoredPublicKey());
    assertFailed(branch, "InvalidVerificationMode")
        .isEqualTo("cannot verify tag object's signature if a tag reference is not specified");
    assertThat(branch.terminal()).isTrue();
  }

  @Test
  void aGarbledKeyIsNamedAsSuch() throws Exception {
    SourceException e = failure(fetch(GitRef.ofBranch("main")), true, false, "not a key");
    assertThat(e.getMessage()).contains("unable to read armored key ring");
  }
}
