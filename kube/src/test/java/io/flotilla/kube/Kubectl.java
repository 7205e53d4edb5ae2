package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real kubectl binary against an embedded API server through a kubeconfig, the way a user
 * does, and captures exit code, stdout and stderr. Shared by the kubectl-driven ITs.
 */
final class Kubectl {
  record Result(int code, String out, String err) {}

  private final Path dir;

  /** Uses {@code <dir>/kubeconfig} and keeps kubectl's discovery cache in {@code <dir>/cache}. */
  Kubectl(Path dir) {
    this.dir = dir;
  }

  /** Whether a kubectl binary is on PATH (tests assume it, and are skipped without it). */
  static boolean onPath() {
    return List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
        .anyMatch(p -> Files.isExecutable(Path.of(p, "kubectl")));
  }

  Path kubeconfig() {
    return dir.resolve("kubeconfig");
  }

  /** {@code kubectl apply --server-side} of a manifest, which must succeed. */
  void apply(String yaml) throws Exception {
    Path manifest = Files.createTempFile(dir, "manifest", ".yaml");
    Files.writeString(manifest, yaml);
    Result r = run("apply", "--server-side", "-f", manifest.toString());
    assertThat(r.code()).as(r.err()).isZero();
  }

  /** Runs {@code kubectl <args>} and waits for it (one minute at most). */
  synchronized Result run(String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "kubectl",
                "--kubeconfig",
                kubeconfig().toString(),
                "--cache-dir",
                dir.resolve("cache").toString()));
    cmd.addAll(List.of(args));
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl finished in time").isTrue();
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
