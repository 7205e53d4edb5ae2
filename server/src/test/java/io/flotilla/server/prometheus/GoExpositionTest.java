package io.flotilla.server.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoExpositionTest {
  @Test
  void rewritesOnlyTheNumericLabelsOfSamples() {
    String java =
        """
        # HELP x_seconds A histogram, le="1.0" in a comment stays.
        # TYPE x_seconds histogram
        x_seconds_bucket{kind="Kustomization",name="a\\",le=\\"1.0",le="1.0E-8"} 0.0
        x_seconds_bucket{kind="Kustomization",name="a\\",le=\\"1.0",le="1.0"} 1.0
        x_seconds_bucket{kind="Kustomization",name="a\\",le=\\"1.0",le="+Inf"} 1.0
        x_seconds_count{kind="Kustomization",name="a\\",le=\\"1.0"} 1.0
        s{quantile="0.5"} 2.0
        plain 3.0
        """;
    assertThat(GoExposition.rewrite(java))
        .isEqualTo(
            """
            # HELP x_seconds A histogram, le="1.0" in a comment stays.
            # TYPE x_seconds histogram
            x_seconds_bucket{kind="Kustomization",name="a\\",le=\\"1.0",le="1e-08"} 0.0
            x_seconds_bucket{kind="Kustomization",name="a\\",le=\\"1.0",le="1"} 1.0
            x_seconds_bucket{kind="Kustomization",name="a\\",le=\\"1.0",le="+Inf"} 1.0
            x_seconds_count{kind="Kustomization",name="a\\",le=\\"1.0"} 1.0
            s{quantile="0.5"} 2.0
            plain 3.0
            """);
  }
}
