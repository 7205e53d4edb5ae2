package io.flotilla.testkit;

import io.flotilla.gitenv.GitEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/** A Git working copy for tests: write files, delete files, commit; read HEAD. */
public final class GitFixture implements AutoCloseable {
  private static final PersonIdent WHO = new PersonIdent("test", "test@localhost");
  private final Path dir;
  private final Git git;

  private GitFixture(Path dir, Git git) {
    this.dir = dir;
    this.git = git;
  }

  /**
   * A new repository on branch {@code main} in {@code dir}, whatever repository an inherited {@code
   * GIT_DIR} names.
   */
  public static GitFixture init(Path dir) {
    GitEnvironment.isolate();
    try {
      return new GitFixture(
          dir, Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call());
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  public GitFixture write(Map<String, String> files) {
    files.forEach(
        (path, text) -> {
          try {
            Path file = dir.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    return this;
  }

  public GitFixture delete(String path) {
    try {
      Files.delete(dir.resolve(path));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stages everything (additions, changes, deletions) and commits; returns the commit id. */
  public String commit(String message) {
    try {
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      return git.commit().setMessage(message).setAuthor(WHO).setCommitter(WHO).call().getName();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  public String fileUrl() {
    return dir.toUri().toString();
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    git.close();
  }
}
