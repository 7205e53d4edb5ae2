package io.flotilla.source.git;

import io.flotilla.source.artifact.ArtifactStorage;
import io.flotilla.source.artifact.SourceIgnore;
import io.flotilla.testkit.git.GitDaemon;
import io.flotilla.testkit.git.GitRepoFixture;
import io.flotilla.testkit.git.HttpsGitServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;

/**
 * The Git speed figures of {@code bench/git/run.sh}: JGit (through {@link GitFetcher}) against the
 * git CLI on the same local servers, the CPU of a no-op reconcile's remote check, and artifact
 * packing throughput. A main program, not a test: run by the script, figures on stdout.
 */
public final class GitBench {
  private static final int RUNS = 5;

  public static void main(String[] args) throws Exception {
    Path base = Files.createTempDirectory("flotilla-gitbench-");
    try {
      run(base);
    } finally {
      delete(base);
    }
  }

  private static void run(Path base) throws Exception {
    System.out.println("building repositories …");
    GitRepoFixture files = GitRepoFixture.create(base, "files2000");
    for (int d = 0; d < 40; d++) {
      for (int f = 0; f < 50; f++) {
        Path p = files.work().resolve("apps/dir" + d + "/cm" + f + ".yaml");
        Files.createDirectories(p.getParent());
        Files.writeString(p, configMap("cm-" + d + "-" + f, 20));
      }
    }
    GitRepoFixture.git(files.work(), "add", "-A");
    GitRepoFixture.git(files.work(), "commit", "-q", "-m", "2000 files");
    files.push("main");
    GitRepoFixture.git(files.bare(), "gc", "-q");

    GitRepoFixture history = GitRepoFixture.create(base, "commits5000");
    fastImport(history.work(), 5000);
    history.push("main");
    GitRepoFixture.git(history.bare(), "gc", "-q");

    try (GitDaemon daemon = GitDaemon.start(base.resolve("repos"));
        HttpsGitServer http =
            HttpsGitServer.available()
                ? HttpsGitServer.http(
                    base.resolve("http"), base.resolve("repos"), new HttpsGitServer.Anonymous())
                : null) {
      GitFetcher fetcher = new GitFetcher(Duration.ofMinutes(2));
      List<String[]> urls = new ArrayList<>();
      urls.add(new String[] {"git://", daemon.url("files2000"), daemon.url("commits5000")});
      if (http != null) {
        urls.add(new String[] {"http://", http.url("files2000"), http.url("commits5000")});
      }
      System.out.println();
      System.out.printf(
          "%-34s %-8s %10s %10s %7s%n",
          "clone (median of " + RUNS + ", warm JVM)", "via", "JGit ms", "git ms", "ratio");
      for (String[] u : urls) {
        compare(base, "2,000 files, shallow", u[0], u[1], GitRef.ofBranch("main"), fetcher, true);
        compare(base, "5,000 commits, shallow", u[0], u[2], GitRef.ofBranch("main"), fetcher, true);
        compare(
            base,
            "5,000 commits, full history",
            u[0],
            u[2],
            new GitRef("main", null, null, null, history.head()),
            fetcher,
            false);
      }
      incrementalFetch(base, daemon, history);

      System.out.println();
      for (String[] u : urls) {
        noOpCpu(fetcher, u[0], u[1]);
      }
    }
    System.out.println();
    packing(base, files);
  }

  private static void compare(
      Path base,
      String what,
      String via,
      String url,
      GitRef ref,
      GitFetcher fetcher,
      boolean shallow)
      throws Exception {
    fetcher.fetch(url, ref, null, scratch(base)); // warm-up
    List<Long> jgit = new ArrayList<>();
    List<Long> cli = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      Path a = scratch(base);
      long t = System.nanoTime();
      fetcher.fetch(url, ref, null, a);
      jgit.add(ms(t));
      Path b = scratch(base);
      t = System.nanoTime();
      List<String> cmd = new ArrayList<>(List.of("clone", "-q", "--single-branch", "-b", "main"));
      if (shallow) {
        cmd.addAll(List.of("--depth", "1"));
      }
      cmd.addAll(List.of(url, b.toString()));
      GitRepoFixture.git(base, cmd.toArray(String[]::new));
      cli.add(ms(t));
    }
    long j = median(jgit);
    long g = median(cli);
    System.out.printf("%-34s %-8s %10d %10d %7.2f%n", what, via, j, g, (double) j / Math.max(1, g));
  }

  /** One new commit fetched into an existing clone: JGit fetch vs git fetch. */
  private static void incrementalFetch(Path base, GitDaemon daemon, GitRepoFixture history)
      throws Exception {
    Path jgitClone = scratch(base);
    Path cliClone = scratch(base);
    String url = daemon.url("commits5000");
    try (Git g = Git.cloneRepository().setURI(url).setDirectory(jgitClone.toFile()).call()) {
      GitRepoFixture.git(base, "clone", "-q", url, cliClone.toString());
      List<Long> jgit = new ArrayList<>();
      List<Long> cli = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        history.commit("inc/f" + i + ".yaml", configMap("inc" + i, 5), "incremental " + i);
        history.push("main");
        long t = System.nanoTime();
        g.fetch().setRemote("origin").call();
        jgit.add(ms(t));
        t = System.nanoTime();
        GitRepoFixture.git(cliClone, "fetch", "-q", "origin");
        cli.add(ms(t));
      }
      long j = median(jgit);
      long c = median(cli);
      System.out.printf(
          "%-34s %-8s %10d %10d %7.2f%n",
          "fetch 1 new commit (5,000 history)", "git://", j, c, (double) j / Math.max(1, c));
    }
  }

  /** CPU of the remote check a no-op reconcile does (the only Git work when nothing changed). */
  private static void noOpCpu(GitFetcher fetcher, String via, String url) throws Exception {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 50; i++) {
      fetcher.remoteRevision(url, GitRef.ofBranch("main"), null);
    }
    List<Long> cpu = new ArrayList<>();
    List<Long> wall = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      long c = mx.getCurrentThreadCpuTime();
      long t = System.nanoTime();
      fetcher.remoteRevision(url, GitRef.ofBranch("main"), null);
      cpu.add(mx.getCurrentThreadCpuTime() - c);
      wall.add(System.nanoTime() - t);
    }
    cpu.sort(Comparator.naturalOrder());
    wall.sort(Comparator.naturalOrder());
    System.out.printf(
        "no-op remote check via %-8s CPU median %.2f ms, p95 %.2f ms; wall median %.2f ms (200 runs)%n",
        via, cpu.get(100) / 1e6, cpu.get(190) / 1e6, wall.get(100) / 1e6);
  }

  /** Packing throughput: ~64 MB of manifests (compressible) and ~16 MB of random bytes. */
  private static void packing(Path base, GitRepoFixture files) throws Exception {
    Path tree = base.resolve("pack-tree");
    long bytes = 0;
    for (int d = 0; d < 64; d++) {
      for (int f = 0; f < 100; f++) {
        Path p = tree.resolve("d" + d + "/f" + f + ".yaml");
        Files.createDirectories(p.getParent());
        String text = configMap("p" + d + "-" + f, 250);
        Files.writeString(p, text);
        bytes += text.length();
      }
    }
    Random r = new Random(42);
    Path bin = tree.resolve("blobs");
    Files.createDirectories(bin);
    for (int i = 0; i < 16; i++) {
      byte[] b = new byte[1 << 20];
      r.nextBytes(b);
      try (OutputStream out = Files.newOutputStream(bin.resolve("b" + i + ".dat"))) {
        out.write(b);
      }
      bytes += b.length;
    }
    ArtifactStorage storage =
        new ArtifactStorage(base.resolve("storage"), "http://localhost")
            .withMaxArtifactBytes(1L << 30);
    storage.store(
        "gitrepository", "bench", "warm", "sha1:" + "0".repeat(40), tree, SourceIgnore.of(""));
    List<Long> times = new ArrayList<>();
    long size = 0;
    for (int i = 0; i < 3; i++) {
      long t = System.nanoTime();
      size =
          storage
              .store(
                  "gitrepository",
                  "bench",
                  "p" + i,
                  "sha1:" + "1".repeat(40),
                  tree,
                  SourceIgnore.of(""))
              .size();
      times.add(System.nanoTime() - t);
    }
    times.sort(Comparator.naturalOrder());
    double seconds = times.get(1) / 1e9;
    System.out.printf(
        "artifact packing: %.1f MB in -> %.1f MB tar.gz in %.2f s = %.1f MB/s (median of 3)%n",
        bytes / 1e6, size / 1e6, seconds, bytes / 1e6 / seconds);
  }

  private static void fastImport(Path work, int commits) throws Exception {
    StringBuilder in = new StringBuilder();
    long when = 1_700_000_000L;
    for (int i = 1; i <= commits; i++) {
      String content = configMap("history-" + (i % 50), 10) + "# rev " + i + "\n";
      String msg = "commit " + i + "\n";
      in.append("commit refs/heads/main\n")
          .append("committer Bench <bench@example.com> ")
          .append(when + i)
          .append(" +0000\n")
          .append("data ")
          .append(msg.getBytes(StandardCharsets.UTF_8).length)
          .append('\n')
          .append(msg);
      if (i == 1) {
        in.append("from refs/heads/main^0\n");
      }
      byte[] c = content.getBytes(StandardCharsets.UTF_8);
      in.append("M 644 inline history/file")
          .append(i % 50)
          .append(".yaml\n")
          .append("data ")
          .append(c.length)
          .append('\n')
          .append(content)
          .append('\n');
    }
    ProcessBuilder pb =
        new ProcessBuilder("git", "fast-import", "--quiet").directory(work.toFile());
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    try (OutputStream out = p.getOutputStream()) {
      out.write(in.toString().getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IOException("git fast-import failed: " + output);
    }
    GitRepoFixture.git(work, "reset", "-q", "--hard", "main");
  }

  private static String configMap(String name, int lines) {
    StringBuilder s =
        new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ")
            .append(name)
            .append("\ndata:\n");
    for (int i = 0; i < lines; i++) {
      s.append("  key")
          .append(i)
          .append(": \"value ")
          .append(name)
          .append(' ')
          .append(i)
          .append("\"\n");
    }
    return s.toString();
  }

  private static Path scratch(Path base) throws IOException {
    Files.createDirectories(base.resolve("scratch"));
    return Files.createTempDirectory(base.resolve("scratch"), "co");
  }

  private static long ms(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  private static long median(List<Long> values) {
    List<Long> v = new ArrayList<>(values);
    v.sort(Comparator.naturalOrder());
    return v.get(v.size() / 2);
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
