package io.flotilla.source.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Builds Git repositories with the git CLI, the way a user would, for integration tests. */
final class GitRepoFixture {
  final Path work;
  final Path bare;

  private GitRepoFixture(Path work, Path bare) {
    this.work = work;
    this.bare = bare;
  }

  /** A work repository on branch {@code main} with one commit, and its bare clone. */
  static GitRepoFixture create(Path base, String name) throws IOException {
    Path work = base.resolve("work-" + name);
    Path bare = base.resolve("repos").resolve(name + ".git");
    Files.createDirectories(work);
    Files.createDirectories(bare.getParent());
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
  String commit(String file, String content, String message) throws IOException {
    Path p = work.resolve(file);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    git(work, "add", "-A");
    git(work, "commit", "-q", "-m", message);
    return head();
  }

  String head() throws IOException {
    return git(work, "rev-parse", "HEAD").trim();
  }

  void push(String... refs) throws IOException {
    List<String> args = new ArrayList<>(List.of("push", "-q", "origin"));
    args.addAll(List.of(refs));
    git(work, args.toArray(String[]::new));
  }

  static String git(Path dir, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add("git");
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().put("HOME", dir.toString());
    Process p = pb.start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("git " + String.join(" ", args) + " failed: " + out);
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
