package io.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fake ARM service on 127.0.0.1 holding the tutorial's connected cluster, and a CLI for it. */
abstract class DemoClusterIT {
  @TempDir Path home;
  FakeArmServer arm;
  CliRunner cli;

  /** The tutorial's {@code flux create} on the demo cluster, as SeedCommandsTest parses it too. */
  static final String TUTORIAL_CREATE =
      """
      k8s-configuration flux create -g flux-demo-rg \\
      -c flux-demo-arc \\
      -n cluster-config \\
      --namespace cluster-config \\
      -t connectedClusters \\
      --scope cluster \\
      -u https://github.com/Azure/gitops-flux2-kustomize-helm-mt \\
      --branch main  \\
      --kustomization name=infra path=./infrastructure prune=true \\
      --kustomization name=apps path=./apps/staging prune=true dependsOn=\\["infra"\\]
      """;

  private final String subscription;

  DemoClusterIT(String subscription) {
    this.subscription = subscription;
  }

  /** The tutorial's cluster: {@code -g flux-demo-rg -c flux-demo-arc -t connectedClusters}. */
  static String demoCluster(String subscription) {
    return "/subscriptions/"
        + subscription
        + "/resourceGroups/flux-demo-rg/providers/Microsoft.Kubernetes"
        + "/connectedClusters/flux-demo-arc";
  }

  @BeforeEach
  void startArm() throws Exception {
    arm = new FakeArmServer();
    arm.addCluster(demoCluster(subscription));
    cli = arm.cli(home, subscription);
  }

  @AfterEach
  void stopArm() {
    arm.close();
  }

  /** The service got exactly one PATCH, and its body is the JSON {@code expected}. */
  void assertOnePatch(String expected) throws Exception {
    JsonNode body = new ObjectMapper().readTree(expected);
    assertThat(arm.requests("PATCH"))
        .singleElement()
        .extracting(FakeArmServer.Request::body)
        .isEqualTo(body);
  }
}
