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
 * One embedded API server per test class with the simulated control plane on, and the real kubectl
 * pointed at it: what the kubectl workload tests share.
 */
abstract class KubectlTestSupport {
  /** The five characters Kubernetes appends to a generated name. */
  static final String SUFFIX = "[bcdfghjklmnpqrstvwxz2456789]{5}";

  @TempDir static Path dir;
  @AutoClose static EmbeddedKubeApi kube;
  static KubectlRunner kubectl;

  @BeforeAll
  static void start() {
    assumeTrue(KubectlRunner.onPath(), "kubectl is not on PATH");
    kube = EmbeddedKubeApi.start(KubeApiOptions.defaults());
    kubectl = KubectlRunner.against(kube, dir);
  }

  /** Runs kubectl and fails the test unless it exits 0. */
  static KubectlRunner.Result ok(String... args) throws Exception {
    KubectlRunner.Result r = kubectl.run(args);
    assertThat(r.code()).as("kubectl %s: %s", String.join(" ", args), r.err()).isZero();
    return r;
  }

  static JsonNode json(KubectlRunner.Result r) throws Exception {
    return new ObjectMapper().readTree(r.out());
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
