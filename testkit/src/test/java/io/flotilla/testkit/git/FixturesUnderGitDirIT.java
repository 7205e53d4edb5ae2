package io.flotilla.testkit.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.testkit.ChildJava;
import io.flotilla.testkit.GitFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run from a git hook, {@code git rebase --exec} or {@code git bisect run}, the tests inherit
 * {@code GIT_DIR} and its companions from git. The fixtures (JGit's {@link GitFixture}, the git
 * CLI's {@link GitRepoFixture}, {@link GitDaemon}) must still build their own repositories and
 * leave the one those variables name alone. The fixtures run in a child JVM whose environment names
 * a temporary "outer" repository, as git would export it.
 */
class FixturesUnderGitDirIT {
  @TempDir Path tmp;

  @Test
  void fixturesLeaveTheRepositoryInGitDirAlone() throws Exception {
    Path outer = tmp.resolve("outer");
    Files.createDirectories(outer);
    GitRepoFixture.git(outer, "init", "-q", "-b", "main");
    Path gitDir = outer.resolve(".git");
    String config = Files.readString(gitDir.resolve("config"));

    ProcessBuilder child =
        ChildJava.of(Fixtures.class, List.of(), tmp.resolve("fixtures").toString());
    child
        .environment()
        .putAll(
            Map.of(
                "GIT_DIR", gitDir.toString(),
                "GIT_WORK_TREE", outer.toString(),
                "GIT_INDEX_FILE", gitDir.resolve("index").toString(),
                "GIT_OBJECT_DIRECTORY", gitDir.resolve("objects").toString()));
    Process p = child.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).contains("jgit ok", "cli ok", "daemon ok");
    assertThat(Files.readString(gitDir.resolve("config"))).isEqualTo(config);
    assertThat(gitDir.resolve("index")).doesNotExist();
    try (Stream<Path> objects = Files.walk(gitDir.resolve("objects"))) {
      assertThat(objects.filter(Files::isRegularFile)).isEmpty();
    }
    try (Stream<Path> files = Files.list(outer)) {
      assertThat(files).containsExactly(gitDir);
    }
  }

  /** The child: each fixture builds and commits, and checks its commits are where it says. */
  public static final class Fixtures {
    public static void main(String[] args) throws Exception {
      Path base = Path.of(args[0]);
      try (GitFixture jgit = GitFixture.init(base.resolve("jgit"))) {
        String id = jgit.write(Map.of("a.txt", "a")).commit("first");
        check(GitRepoFixture.git(jgit.dir(), "rev-parse", "HEAD").trim().equals(id), "jgit ok");
      }
      GitRepoFixture cli = GitRepoFixture.create(base, "cli");
      check(Files.isDirectory(cli.work().resolve(".git")), "cli ok");
      try (GitDaemon daemon = GitDaemon.start(cli.bare().getParent())) {
        String refs = GitRepoFixture.git(base, "ls-remote", daemon.url("cli"), "main");
        check(refs.startsWith(cli.head()), "daemon ok");
      }
    }

    private static void check(boolean ok, String what) {
      if (!ok) {
        throw new IllegalStateException("not " + what);
      }
      System.out.println(what);
    }
  }
}
