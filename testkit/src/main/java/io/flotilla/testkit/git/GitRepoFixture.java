package io.flotilla.testkit.git;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A repository built with the git CLI the way a user would: a work tree on {@code main} and a bare
 * clone under {@code <base>/repos/<name>.git}, which the test servers export.
 */
public final class GitRepoFixture {
  private final Path work;
  private final Path bare;

  private GitRepoFixture(Path work, Path bare) {
    this.work = work;
    this.bare = bare;
  }

  /** A work repository on branch {@code main} with one commit, and its bare clone. */
  public static GitRepoFixture create(Path base, String name) {
    Path work = base.resolve("work-" + name);
    Path bare = base.resolve("repos").resolve(name + ".git");
    try {
      Files.createDirectories(work);
      Files.createDirectories(bare.getParent());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    git(work, "init", "-q", "-b", "main");
    git(work, "config", "user.email", "test@example.com");
    git(work, "config", "user.name", "Test");
    git(work, "config", "commit.gpgsign", "false");
    GitRepoFixture f = new GitRepoFixture(work, bare);
    f.commit(
        "deploy/app.yaml", "kind: ConfigMap\nmetadata:\n  name: app\ndata:\n  v: \"1\"\n", "first");
    git(base, "clone", "-q", "--bare", work.toString(), bare.toString());
    git(work, "remote", "add", "origin", bare.toString());
    return f;
  }

  /** Writes a file, commits it and returns the new commit's hash. */
  public String commit(String file, String content, String message) {
    write(file, content);
    git(work, "add", "-A");
    git(work, "commit", "-q", "-m", message);
    return head();
  }

  /** As {@link #commit} with {@code git commit -S} (see {@link GpgKey#configure}). */
  public String commitSigned(String file, String content, String message) {
    write(file, content);
    git(work, "add", "-A");
    git(work, "commit", "-q", "-S", "-m", message);
    return head();
  }

  /** Tags HEAD: signed ({@code -s}), annotated ({@code -a}) or lightweight. */
  public void tag(String name, String kind) {
    switch (kind) {
      case "signed" -> git(work, "tag", "-s", "-m", "release " + name, name);
      case "annotated" -> git(work, "tag", "-a", "-m", "release " + name, name);
      default -> git(work, "tag", name);
    }
  }

  private void write(String file, String content) {
    Path p = work.resolve(file);
    try {
      Files.createDirectories(p.getParent());
      Files.writeString(p, content);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public String head() {
    return git(work, "rev-parse", "HEAD").trim();
  }

  /** Pushes refs (branches or tags) to the bare repository. */
  public void push(String... refs) {
    List<String> args = new ArrayList<>(List.of("push", "-q", "-f", "origin"));
    args.addAll(List.of(refs));
    git(work, args.toArray(String[]::new));
  }

  public Path work() {
    return work;
  }

  public Path bare() {
    return bare;
  }

  public String fileUrl() {
    return bare.toUri().toString();
  }

  /** Runs {@code git} in {@code dir} with no system or user config; returns its output. */
  public static String git(Path dir, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("git");
    cmd.addAll(List.of(args));
    return Processes.run(dir, cmd);
  }
}
