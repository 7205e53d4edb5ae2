package io.flotilla.cli;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fake ARM service on 127.0.0.1 holding the tutorial's connected cluster, and a CLI for it. */
abstract class DemoClusterIT {
  @TempDir Path home;
  FakeArmServer arm;
  CliRunner cli;

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
}
