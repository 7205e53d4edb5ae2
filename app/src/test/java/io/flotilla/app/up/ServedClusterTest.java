package io.flotilla.app.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which cluster a start serves, given what the data dir remembers and the flags given. */
class ServedClusterTest {
  static final Path DIR = Path.of("/srv/flotilla");
  static final Optional<ServedCluster> EDGE =
      Optional.of(new ServedCluster("sub", "edge-rg", "edge", 8082));

  @Test
  void aNewDataDirServesTheNamesGivenElseLocal() {
    assertThat(ServedCluster.choose(Optional.empty(), "sub", null, null, false, DIR))
        .isEqualTo(new ServedCluster("sub", "local", "local", ServedCluster.NO_PORT));
    assertThat(ServedCluster.choose(Optional.empty(), "sub", "rg", "c", false, DIR))
        .isEqualTo(new ServedCluster("sub", "rg", "c", ServedCluster.NO_PORT));
  }

  @Test
  void withoutNamesOrWithTheSameOnesTheRememberedClusterIsServed() {
    assertThat(ServedCluster.choose(EDGE, "other-sub", null, null, false, DIR))
        .isEqualTo(EDGE.get());
    assertThat(ServedCluster.choose(EDGE, "sub", "EDGE-RG", "Edge", false, DIR))
        .as("ARM names compare case-insensitively")
        .isEqualTo(EDGE.get());
    assertThat(ServedCluster.choose(EDGE, "sub", null, "edge", false, DIR)).isEqualTo(EDGE.get());
  }

  @Test
  void anotherNameIsRefusedWithTheCommandThatKeepsTheRememberedOne() {
    assertThatThrownBy(() -> ServedCluster.choose(EDGE, "sub", null, "prod", false, DIR))
        .isInstanceOf(StartRefused.class)
        .hasMessageContaining(
            "the data dir /srv/flotilla serves cluster 'edge' in resource group 'edge-rg'"
                + " (subscription sub), not 'prod' in 'edge-rg'")
        .hasMessageContaining(
            "flotilla up --data-dir /srv/flotilla --resource-group edge-rg --cluster-name edge")
        .hasMessageContaining("another --data-dir")
        .hasMessageContaining("--replace-cluster");
    assertThatThrownBy(() -> ServedCluster.choose(EDGE, "sub", "local", null, false, DIR))
        .hasMessageContaining("not 'edge' in 'local'");
  }

  @Test
  void replacingKeepsTheSubscriptionAndTheArtifactPort() {
    assertThat(ServedCluster.choose(EDGE, "sub", "rg2", null, true, DIR))
        .isEqualTo(new ServedCluster("sub", "rg2", "edge", 8082));
  }
}
