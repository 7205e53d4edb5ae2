package io.flotilla.app.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each wither sets only its own fields, and the ports derived from the service port. */
class UpOptionsTest {

  @Test
  void eachWitherChangesOnlyItsOwnFields() {
    UpOptions o =
        UpOptions.defaults()
            .withPort(9000)
            .withGitPort(9001)
            .withArtifactPort(9002)
            .withDataDir(Path.of("/srv/up"))
            .withCluster("rg", "c")
            .withReplaceCluster(true)
            .withKubeconfig(Path.of("/srv/kubeconfig"))
            .withAgentPollWait(Duration.ofSeconds(7));

    assertThat(o)
        .isEqualTo(
            new UpOptions(
                9000,
                9001,
                9002,
                Path.of("/srv/up"),
                "c",
                "rg",
                true,
                Path.of("/srv/kubeconfig"),
                Duration.ofSeconds(5),
                Duration.ofSeconds(7)));
  }

  @Test
  void unsetPortsFollowTheServicePortUnlessItIsAnyPort() {
    assertThat(UpOptions.defaults().effectiveGitPort()).isEqualTo(8081);
    assertThat(UpOptions.defaults().defaultArtifactPort()).isEqualTo(8082);
    assertThat(UpOptions.defaults().withPort(0).effectiveGitPort()).isZero();
    assertThat(UpOptions.defaults().withPort(0).defaultArtifactPort()).isZero();
    assertThat(UpOptions.defaults().withPort(0).withGitPort(7).effectiveGitPort()).isEqualTo(7);
  }
}
