package io.flotilla.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.testkit.CapturedOutput;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * install and bootstrap as the root's commands and under the flux CLI's group, whose global flags
 * (--kubeconfig, --context, -n, --timeout) they then take instead of their own.
 */
class DeployCommandsTest {
  private static final Path HOME = Path.of("/nonexistent-home");

  @Test
  void everyCommandPrintsItsHelp() {
    for (String[] args :
        new String[][] {
          {"install", "--help"}, {"flux", "install", "-h"}, {"flux", "bootstrap", "git", "--help"}
        }) {
      CapturedOutput r = Flotilla.run(HOME, args);
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(r.out())
          .as(r.toString())
          .startsWith("Usage: flotilla " + String.join(" ", args).replaceAll(" -(-help|h)$", ""));
    }
  }

  @Test
  void underFluxTheGroupsNamespaceFlagChoosesWhereToInstall() {
    CapturedOutput flux = Flotilla.run(HOME, "flux", "-n", "gitops", "install", "--export");
    CapturedOutput root = Flotilla.run(HOME, "install", "--export", "-n", "gitops");

    assertThat(flux.exit()).as(flux.toString()).isZero();
    assertThat(flux.out()).contains("kind: Namespace\n", "  name: gitops\n", "namespace: gitops\n");
    assertThat(flux.out()).isEqualTo(root.out());
  }
}
