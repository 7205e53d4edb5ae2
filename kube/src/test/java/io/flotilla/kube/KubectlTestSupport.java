package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * One embedded API server per test class and the real kubectl pointed at it: what the kubectl tests
 * share. The server runs with the simulated control plane on; a class that needs other options
 * declares its own {@code @BeforeAll static void start()}, which hides this one, and calls {@link
 * #start(KubeApiOptions)}.
 */
abstract class KubectlTestSupport {
  /** The five characters Kubernetes appends to a generated name. */
  static final String SUFFIX = "[bcdfghjklmnpqrstvwxz2456789]{5}";

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  @AutoClose static EmbeddedKubeApi kube;
  static KubectlRunner kubectl;

  @BeforeAll
  static void start() throws Exception {
    start(KubeApiOptions.defaults());
  }

  /** Starts the server with {@code options}; skips the class when kubectl is not on PATH. */
  static void start(KubeApiOptions options) {
    assumeTrue(KubectlRunner.onPath(), "kubectl is not on PATH");
    kube = EmbeddedKubeApi.start(options);
    kubectl = KubectlRunner.against(kube, dir);
  }

  /**
   * The shape {@code flotilla up} runs: TLS with a local CA kept in the data dir and RBAC with an
   * admin token (which the written kubeconfig holds). kubectl sends bearer tokens only over TLS.
   */
  static KubeApiOptions tlsWithAdmin() {
    return KubeApiOptions.defaults()
        .withDataDir(dir.resolve("data"))
        .withTls(true)
        .withUser("admin-token", "admin", "system:masters");
  }

  /** Asserts that kubectl exited 1 with exactly {@code stderr}. */
  static void assertFails(KubectlRunner.Result r, String stderr) {
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo(stderr);
  }

  /** Runs kubectl and fails the test unless it exits 0. */
  static KubectlRunner.Result ok(String... args) throws Exception {
    KubectlRunner.Result r = kubectl.run(args);
    assertThat(r.code()).as("kubectl %s: %s", String.join(" ", args), r.err()).isZero();
    return r;
  }

  static JsonNode json(KubectlRunner.Result r) throws Exception {
    return JSON.readTree(r.out());
  }

  /** Each condition as {@code Type=Status Reason: message}. */
  static List<String> conditions(JsonNode status) {
    List<String> out = new ArrayList<>();
    for (JsonNode c : status.path("conditions")) {
      out.add(
          c.path("type").asText()
              + "="
              + c.path("status").asText()
              + " "
              + c.path("reason").asText()
              + ": "
              + c.path("message").asText());
    }
    return out;
  }

  /** Writes {@code yaml} to a file of that name in the test's directory; its path. */
  static String file(String name, String yaml) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, yaml, StandardCharsets.UTF_8);
    return f.toString();
  }

  /** Writes {@code yaml} to a file of its own in the test's directory; its path. */
  static String file(String yaml) throws Exception {
    return file("manifest-" + UUID.randomUUID() + ".yaml", yaml);
  }

  /** {@code kubectl apply --server-side -f} of {@code yaml}, failing the test unless it exits 0. */
  static KubectlRunner.Result serverSideApply(String yaml) throws Exception {
    return ok("apply", "--server-side", "-f", file(yaml));
  }

  /** {@code kubectl apply -n ns -f} of {@code yaml}, failing the test unless it exits 0. */
  static KubectlRunner.Result applyIn(String ns, String yaml) throws Exception {
    return ok("apply", "-n", ns, "-f", file(yaml));
  }

  /** A fresh namespace, so tests in one class do not see each other's objects. */
  static String namespace() throws Exception {
    String ns = "k-" + UUID.randomUUID().toString().substring(0, 8);
    ok("create", "namespace", ns);
    return ns;
  }
}
