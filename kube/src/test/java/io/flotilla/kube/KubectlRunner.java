package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real kubectl from PATH with a kubeconfig, the way a user would. */
final class KubectlRunner {
  record Result(int code, String out, String err) {}

  private final Path dir;

  /** Uses {@code dir/kubeconfig}, and {@code dir/cache} for discovery. */
  KubectlRunner(Path dir) {
    this.dir = dir;
  }

  /** A runner whose kubeconfig in {@code dir} points at {@code kube}. */
  static KubectlRunner against(EmbeddedKubeApi kube, Path dir) {
    KubectlRunner runner = new KubectlRunner(dir);
    kube.writeKubeconfig(runner.kubeconfig());
    return runner;
  }

  static boolean onPath() {
    return List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
        .anyMatch(p -> Files.isExecutable(Path.of(p, "kubectl")));
  }

  Path kubeconfig() {
    return dir.resolve("kubeconfig");
  }

  Result run(String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p =
        new ProcessBuilder(command(args))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** Starts a kubectl that keeps running (say {@code get -w}); the caller reads and stops it. */
  Process start(String... args) throws IOException {
    return new ProcessBuilder(command(args)).redirectErrorStream(true).start();
  }

  private List<String> command(String... args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "kubectl",
                "--kubeconfig",
                kubeconfig().toString(),
                "--cache-dir",
                dir.resolve("cache").toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }
}
