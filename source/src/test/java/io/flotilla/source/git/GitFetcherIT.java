package io.flotilla.source.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.source.SourceException;
import io.flotilla.source.artifact.ArtifactStorage;
import io.flotilla.source.artifact.SourceIgnore;
import io.flotilla.source.artifact.StoredArtifact;
import io.flotilla.testkit.git.GitDaemon;
import io.flotilla.testkit.git.GitRepoFixture;
import io.flotilla.testkit.git.Processes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetches from repositories built with the git CLI, over file:// and a local git daemon. */
class GitFetcherIT {
  @TempDir static Path base;
  @TempDir Path tmp;

  static GitRepoFixture repo;
  static String first;
  static String second;
  @AutoClose static GitDaemon daemon;

  final GitFetcher fetcher = new GitFetcher(Duration.ofSeconds(30));

  @BeforeAll
  static void setUp() {
    repo = GitRepoFixture.create(base, "app");
    first = repo.head();
    GitRepoFixture.git(repo.work(), "tag", "v1.0.0");
    second =
        repo.commit(
            "deploy/app.yaml",
            "kind: ConfigMap\nmetadata:\n  name: app\ndata:\n  v: \"2\"\n",
            "second");
    GitRepoFixture.git(repo.work(), "tag", "-a", "v1.1.0", "-m", "release 1.1.0");
    GitRepoFixture.git(repo.work(), "branch", "feature", first);
    repo.push("main", "feature", "v1.0.0", "v1.1.0");
    daemon = GitDaemon.start(base.resolve("repos"));
  }

  private static String fileUrl() {
    return repo.fileUrl();
  }

  private static String daemonUrl(String name) {
    return daemon.url(name);
  }

  /** The revision that fetching {@code ref} into a fresh folder {@code into} resolves. */
  private String revision(String url, GitRef ref, String into) throws SourceException {
    return fetcher.fetch(url, ref, null, tmp.resolve(into)).revision();
  }

  @Test
  void fetchesABranchOverFile() throws Exception {
    GitFetchResult r = fetcher.fetch(fileUrl(), GitRef.ofBranch("main"), null, tmp.resolve("co"));
    assertThat(r.revision()).isEqualTo("main@sha1:" + second);
    assertThat(r.commit()).isEqualTo(second);
    assertThat(r.workTree().resolve("deploy/app.yaml")).content().contains("v: \"2\"");
  }

  @Test
  void fetchesABranchOverTheGitDaemon() throws Exception {
    GitFetchResult r =
        fetcher.fetch(daemonUrl("app"), GitRef.ofBranch("feature"), null, tmp.resolve("co"));
    assertThat(r.revision()).isEqualTo("feature@sha1:" + first);
    assertThat(r.workTree().resolve("deploy/app.yaml")).content().contains("v: \"1\"");
  }

  @Test
  void lightweightAndAnnotatedTagsResolveToTheirCommit() throws Exception {
    assertThat(revision(daemonUrl("app"), GitRef.ofTag("v1.0.0"), "a"))
        .isEqualTo("v1.0.0@sha1:" + first);
    assertThat(revision(fileUrl(), GitRef.ofTag("v1.1.0"), "b")).isEqualTo("v1.1.0@sha1:" + second);
  }

  @Test
  void semverPicksTheHighestMatchingTag() throws Exception {
    assertThat(revision(daemonUrl("app"), GitRef.ofSemver(">=1.0.0"), "a"))
        .isEqualTo("v1.1.0@sha1:" + second);
    assertThat(revision(daemonUrl("app"), GitRef.ofSemver("~1.0"), "b"))
        .isEqualTo("v1.0.0@sha1:" + first);
    assertThatThrownBy(
            () -> fetcher.fetch(daemonUrl("app"), GitRef.ofSemver(">=5"), null, tmp.resolve("c")))
        .hasMessage("no match found for semver: >=5");
  }

  @Test
  void aCommitIsCheckedOutDetached() throws Exception {
    GitFetchResult r =
        fetcher.fetch(daemonUrl("app"), GitRef.ofCommit(first), null, tmp.resolve("a"));
    assertThat(r.revision()).isEqualTo("sha1:" + first);
    assertThat(r.workTree().resolve("deploy/app.yaml")).content().contains("v: \"1\"");

    GitFetchResult withBranch =
        fetcher.fetch(
            fileUrl(), new GitRef("main", null, null, null, first), null, tmp.resolve("b"));
    assertThat(withBranch.revision()).isEqualTo("main@sha1:" + first);
  }

  @Test
  void aFullRefNameIsFetched() throws Exception {
    assertThat(revision(fileUrl(), GitRef.ofName("refs/heads/feature"), "a"))
        .isEqualTo("feature@sha1:" + first);
  }

  @Test
  void remoteRevisionMatchesWhatAFetchReturns() throws Exception {
    assertThat(fetcher.remoteRevision(daemonUrl("app"), GitRef.ofBranch("main"), null))
        .isEqualTo("main@sha1:" + second);
    assertThat(fetcher.remoteRevision(fileUrl(), GitRef.ofTag("v1.1.0"), null))
        .isEqualTo("v1.1.0@sha1:" + second);
    assertThat(fetcher.remoteRevision(fileUrl(), GitRef.ofSemver("1.0.x"), null))
        .isEqualTo("v1.0.0@sha1:" + first);
    assertThat(fetcher.remoteRevision(fileUrl(), GitRef.ofCommit(first), null))
        .isEqualTo("sha1:" + first);
  }

  @Test
  void aNewCommitChangesTheRevision() throws Exception {
    GitRepoFixture moving = GitRepoFixture.create(base, "moving");
    moving.push("main");
    String url = daemonUrl("moving");
    GitFetchResult before = fetcher.fetch(url, GitRef.ofBranch("main"), null, tmp.resolve("a"));

    String next = moving.commit("deploy/extra.yaml", "kind: Namespace\n", "more");
    moving.push("main");

    assertThat(fetcher.remoteRevision(url, GitRef.ofBranch("main"), null))
        .isEqualTo("main@sha1:" + next);
    GitFetchResult after = fetcher.fetch(url, GitRef.ofBranch("main"), null, tmp.resolve("b"));
    assertThat(after.revision()).isEqualTo("main@sha1:" + next).isNotEqualTo(before.revision());
    assertThat(after.workTree().resolve("deploy/extra.yaml")).exists();
  }

  @Test
  void anUnknownBranchIsAClearError() {
    assertThatThrownBy(
            () -> fetcher.fetch(daemonUrl("app"), GitRef.ofBranch("nope"), null, tmp.resolve("a")))
        .isInstanceOf(SourceException.class)
        .hasMessage(
            "unable to clone: couldn't find remote ref \"refs/heads/nope\": git repository: '"
                + daemonUrl("app")
                + "'")
        .extracting(e -> ((SourceException) e).reason())
        .isEqualTo("GitOperationFailed");
    assertThatThrownBy(() -> fetcher.remoteRevision(fileUrl(), GitRef.ofTag("v9"), null))
        .hasMessageContaining("couldn't find remote ref \"refs/tags/v9\"");
  }

  @Test
  void anUnknownCommitIsAClearError() {
    String missing = "0123456789abcdef0123456789abcdef01234567";
    assertThatThrownBy(
            () -> fetcher.fetch(fileUrl(), GitRef.ofCommit(missing), null, tmp.resolve("a")))
        .hasMessageContaining("unable to resolve commit object for '" + missing + "'");
  }

  @Test
  void anUnreachableUrlIsAClearErrorWithoutCredentials() throws IOException {
    int closed = Processes.freePort();
    String url = "http://bob:s3cret@127.0.0.1:" + closed + "/app.git";
    assertThatThrownBy(
            () ->
                fetcher.fetch(
                    url,
                    GitRef.ofBranch("main"),
                    GitCredentials.basic("bob", "s3cret"),
                    tmp.resolve("a")))
        .isInstanceOf(SourceException.class)
        .hasMessageStartingWith("unable to clone 'http://127.0.0.1:" + closed + "/app.git'")
        .hasMessageNotContaining("s3cret")
        .satisfies(e -> assertThat(((SourceException) e).terminal()).isFalse());
    assertThatThrownBy(
            () -> fetcher.remoteRevision("git://127.0.0.1:" + closed + "/app.git", null, null))
        .hasMessageStartingWith(
            "unable to list remote for 'git://127.0.0.1:" + closed + "/app.git'");
  }

  @Test
  void aMissingRepositoryIsAClearError() {
    assertThatThrownBy(
            () ->
                fetcher.fetch(daemonUrl("absent"), GitRef.ofBranch("main"), null, tmp.resolve("a")))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining(daemonUrl("absent"));
  }

  @Test
  void executableBitsSymlinksAndSubmoduleFoldersSurviveTheCheckout() throws Exception {
    GitRepoFixture modes = GitRepoFixture.create(base, "modes");
    modes.commit("bin/run.sh", "#!/bin/sh\necho hi\n", "script");
    java.nio.file.Files.setPosixFilePermissions(
        modes.work().resolve("bin/run.sh"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    java.nio.file.Files.createSymbolicLink(
        modes.work().resolve("deploy/link.yaml"), Path.of("app.yaml"));
    GitRepoFixture.git(modes.work(), "add", "-A");
    GitRepoFixture.git(modes.work(), "commit", "-q", "-m", "modes");
    modes.push("main");

    GitFetchResult r =
        fetcher.fetch(modes.fileUrl(), GitRef.ofBranch("main"), null, tmp.resolve("co"));
    assertThat(java.nio.file.Files.isExecutable(r.workTree().resolve("bin/run.sh"))).isTrue();
    assertThat(java.nio.file.Files.readSymbolicLink(r.workTree().resolve("deploy/link.yaml")))
        .isEqualTo(Path.of("app.yaml"));
    assertThat(r.subject()).isEqualTo("modes");
  }

  @Test
  void scpLikeUrlsAreRefusedBeforeAnyNetworkAccess() {
    assertThatThrownBy(
            () -> fetcher.fetch("git@github.com:org/repo.git", null, null, tmp.resolve("a")))
        .hasMessageContaining("write it as 'ssh://git@github.com/org/repo.git'")
        .satisfies(e -> assertThat(((SourceException) e).terminal()).isTrue());
  }

  @Test
  void theSameCommitPacksToTheSameDigestWithoutGitMetadata() throws Exception {
    ArtifactStorage storage = new ArtifactStorage(tmp.resolve("storage"), "http://localhost");
    GitFetchResult a = fetcher.fetch(fileUrl(), GitRef.ofBranch("main"), null, tmp.resolve("a"));
    GitFetchResult b =
        fetcher.fetch(daemonUrl("app"), GitRef.ofBranch("main"), null, tmp.resolve("b"));
    StoredArtifact sa =
        storage.store(
            "GitRepository", "ns", "a", a.revision(), a.workTree(), SourceIgnore.defaults());
    StoredArtifact sb =
        storage.store(
            "GitRepository", "ns", "b", b.revision(), b.workTree(), SourceIgnore.defaults());
    assertThat(sa.digest()).isEqualTo(sb.digest());
    assertThat(sa.path()).isEqualTo("gitrepository/ns/a/" + second + ".tar.gz");
  }
}
