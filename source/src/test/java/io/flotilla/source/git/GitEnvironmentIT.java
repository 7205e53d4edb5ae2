package io.flotilla.source.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.gitenv.GitEnvironment;
import io.flotilla.testkit.git.GitRepoFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.util.SystemReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Started with {@code GIT_DIR} in its environment (from a git hook, {@code git rebase --exec},
 * {@code git bisect run}), a fetch still writes only into the directory it was given, never into
 * the repository that variable names. The environment is JGit's view of it, set here through its
 * {@code SystemReader}.
 */
class GitEnvironmentIT {
  @TempDir Path tmp;

  @AfterEach
  void restore() {
    SystemReader.setInstance(null);
    GitEnvironment.isolate();
  }

  /** JGit as if the process had been started with {@code GIT_DIR=<outer>}. */
  private static void environmentWithGitDir(Path outer) {
    SystemReader.setInstance(null); // JGit's own reader of the real environment
    SystemReader.setInstance(
        new SystemReader.Delegate(SystemReader.getInstance()) {
          @Override
          public String getenv(String variable) {
            return variable.equals("GIT_DIR") ? outer.toString() : super.getenv(variable);
          }
        });
  }

  @Test
  void aFetchStaysInItsDirectoryWhateverGitDirSays() throws Exception {
    GitRepoFixture repo = GitRepoFixture.create(tmp, "app");
    Path outer = tmp.resolve("users-repo/.git");
    Files.createDirectories(outer.getParent());
    try (Git ignored = Git.init().setDirectory(outer.getParent().toFile()).call()) {
      // the user's repository, empty
    }
    String before = Files.readString(outer.resolve("config"));

    // without isolation, JGit takes GIT_DIR over the directory it is given
    environmentWithGitDir(outer);
    try (Git git = Git.init().setDirectory(tmp.resolve("naive").toFile()).call()) {
      assertThat(git.getRepository().getDirectory().toPath()).isEqualTo(outer);
    }

    environmentWithGitDir(outer);
    GitEnvironment.isolate();
    GitFetchResult r =
        new GitFetcher(Duration.ofSeconds(30))
            .fetch(repo.fileUrl(), GitRef.ofBranch("main"), null, tmp.resolve("co"));

    assertThat(r.revision()).startsWith("main@sha1:");
    assertThat(tmp.resolve("co/.git")).isDirectory();
    assertThat(Files.readString(outer.resolve("config"))).isEqualTo(before);
    try (Git users = Git.open(outer.getParent().toFile())) {
      assertThat(users.getRepository().resolve("HEAD")).isNull();
    }
  }
}
