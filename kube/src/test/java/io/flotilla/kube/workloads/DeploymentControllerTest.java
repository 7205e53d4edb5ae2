package io.flotilla.kube.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.kube.base.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeploymentControllerTest {
  private static JsonNode deployment(int replicas, String strategy) {
    return Json.parse(
        ("{\"spec\":{\"replicas\":" + replicas + ",\"strategy\":" + strategy + "}}")
            .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void surgeRoundsUpAndUnavailableRoundsDownAsResolveFenceposts() {
    JsonNode d = deployment(3, "{\"type\":\"RollingUpdate\"}"); // 25% each by default
    assertThat(Rollouts.maxSurge(d)).isEqualTo(1);
    assertThat(Rollouts.maxUnavailable(d)).isZero();
    d = deployment(10, "{\"rollingUpdate\":{\"maxSurge\":\"30%\",\"maxUnavailable\":\"30%\"}}");
    assertThat(Rollouts.maxSurge(d)).isEqualTo(3);
    assertThat(Rollouts.maxUnavailable(d)).isEqualTo(3);
  }

  @Test
  void surgeAndUnavailableAreNeverBothZero() {
    JsonNode d = deployment(1, "{\"rollingUpdate\":{\"maxSurge\":0,\"maxUnavailable\":\"10%\"}}");
    assertThat(Rollouts.maxSurge(d)).isZero();
    assertThat(Rollouts.maxUnavailable(d)).isEqualTo(1);
  }

  @Test
  void recreateNeitherSurgesNorCountsUnavailability() {
    JsonNode d = deployment(4, "{\"type\":\"Recreate\"}");
    assertThat(Rollouts.maxSurge(d)).isZero();
    assertThat(Rollouts.maxUnavailable(d)).isZero();
  }

  @Test
  void unavailableNeverExceedsTheReplicas() {
    JsonNode d = deployment(2, "{\"rollingUpdate\":{\"maxSurge\":1,\"maxUnavailable\":5}}");
    assertThat(Rollouts.maxUnavailable(d)).isEqualTo(2);
  }
}
