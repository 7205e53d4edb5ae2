package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real kubectl from PATH against an embedded API, with its own kubeconfig and cache
 * directory under {@code dir}, and captures what a user would see.
 */
final class KubectlRunner {
  record Result(int code, String out, String err) {}

  private final Path dir;

  /** Writes {@code kube}'s kubeconfig into {@code dir}. */
  KubectlRunner(EmbeddedKubeApi kube, Path dir) {
    this.dir = dir;
    kube.writeKubeconfig(dir.resolve("kubeconfig"));
  }

  static boolean onPath() {
    return List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
        .anyMatch(p -> Files.isExecutable(Path.of(p, "kubectl")));
  }

  Result run(String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "kubectl",
                "--kubeconfig",
                dir.resolve("kubeconfig").toString(),
                "--cache-dir",
                dir.resolve("cache").toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl %s finished", args).isTrue();
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
