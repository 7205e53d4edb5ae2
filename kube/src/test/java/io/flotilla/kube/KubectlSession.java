package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl (from PATH) pointed at an embedded API server's kubeconfig. */
final class KubectlSession {
  record Result(int code, String out, String err) {
    JsonNode json() {
      try {
        return new ObjectMapper().readTree(out);
      } catch (IOException e) {
        throw new UncheckedIOException(out + err, e);
      }
    }
  }

  private final Path dir;
  private int calls;

  private KubectlSession(Path dir) {
    this.dir = dir;
  }

  /** Skips the test class when kubectl is not on PATH; writes the kubeconfig into {@code dir}. */
  static KubectlSession start(EmbeddedKubeApi kube, Path dir) {
    boolean onPath =
        List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
            .anyMatch(p -> Files.isExecutable(Path.of(p, "kubectl")));
    assumeTrue(onPath, "kubectl is not on PATH");
    kube.writeKubeconfig(dir.resolve("kubeconfig"));
    return new KubectlSession(dir);
  }

  Result run(String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "kubectl",
                "--kubeconfig",
                dir.resolve("kubeconfig").toString(),
                "--cache-dir",
                dir.resolve("cache").toString()));
    cmd.addAll(List.of(args));
    int n;
    synchronized (this) {
      n = calls++;
    }
    Path out = dir.resolve("out-" + n);
    Path err = dir.resolve("err-" + n);
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("kubectl %s finished", args).isTrue();
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** Runs kubectl and fails the test unless it exits 0. */
  Result ok(String... args) throws IOException, InterruptedException {
    Result r = run(args);
    assertThat(r.code()).as("kubectl %s: %s", String.join(" ", args), r.err()).isZero();
    return r;
  }

  /** Writes {@code yaml} to a file in the session's folder and returns its path. */
  String file(String name, String yaml) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, yaml, StandardCharsets.UTF_8);
    return f.toString();
  }
}
