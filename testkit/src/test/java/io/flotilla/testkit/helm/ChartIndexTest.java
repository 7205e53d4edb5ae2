package io.flotilla.testkit.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartIndexTest {
  @Test
  void versionsSortBySemverPrecedenceWithPrereleasesBeforeTheirRelease() {
    List<String> versions =
        new ArrayList<>(
            List.of(
                "6.1.0", "6.0.10", "6.2.0-rc.1", "6.0.3", "6.2.0-alpha", "6.2.0", "6.2.0-rc.2"));
    versions.sort(ChartIndex::compareSemver);
    assertThat(versions)
        .containsExactly(
            "6.0.3", "6.0.10", "6.1.0", "6.2.0-alpha", "6.2.0-rc.1", "6.2.0-rc.2", "6.2.0");
  }

  @Test
  void buildMetadataDoesNotChangePrecedence() {
    assertThat(ChartIndex.compareSemver("1.0.0+abc", "1.0.0")).isZero();
  }
}
