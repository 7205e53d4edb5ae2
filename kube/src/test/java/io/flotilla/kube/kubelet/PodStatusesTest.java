package io.flotilla.kube.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PodStatusesTest {
  private static JsonNode spec(String containers) {
    return Json.parse(("{\"containers\":" + containers + "}").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void qosClassFollowsRequestsAndLimitsAsTheKubeletDoes() {
    assertThat(PodStatuses.qosClass(spec("[{\"name\":\"a\"}]"))).isEqualTo("BestEffort");
    assertThat(
            PodStatuses.qosClass(
                spec("[{\"name\":\"a\",\"resources\":{\"requests\":{\"cpu\":\"100m\"}}}]")))
        .isEqualTo("Burstable");
    assertThat(
            PodStatuses.qosClass(
                spec(
                    "[{\"name\":\"a\",\"resources\":{\"limits\":{\"cpu\":\"1\",\"memory\":\"64Mi\"}}}]")))
        .as("requests default to the limits")
        .isEqualTo("Guaranteed");
    assertThat(
            PodStatuses.qosClass(
                spec(
                    "[{\"name\":\"a\",\"resources\":{\"requests\":{\"cpu\":\"1000m\",\"memory\":\"64Mi\"},"
                        + "\"limits\":{\"cpu\":\"1\",\"memory\":\"64Mi\"}}}]")))
        .as("equal quantities written differently")
        .isEqualTo("Guaranteed");
    assertThat(
            PodStatuses.qosClass(
                spec(
                    "[{\"name\":\"a\",\"resources\":{\"limits\":{\"cpu\":\"1\",\"memory\":\"64Mi\"}}},"
                        + "{\"name\":\"b\"}]")))
        .as("one container without limits")
        .isEqualTo("Burstable");
  }

  @Test
  void imagesAreReportedAsContainerdNamesThem() {
    assertThat(PodStatuses.normalizedImage("nginx")).isEqualTo("docker.io/library/nginx:latest");
    assertThat(PodStatuses.normalizedImage("nginx:1.27")).isEqualTo("docker.io/library/nginx:1.27");
    assertThat(PodStatuses.normalizedImage("bitnami/redis:7"))
        .isEqualTo("docker.io/bitnami/redis:7");
    assertThat(PodStatuses.normalizedImage("ghcr.io/stefanprodan/podinfo:6.5.3"))
        .isEqualTo("ghcr.io/stefanprodan/podinfo:6.5.3");
    assertThat(PodStatuses.normalizedImage("localhost:5000/app"))
        .isEqualTo("localhost:5000/app:latest");
    assertThat(PodStatuses.normalizedImage("nginx@sha256:abc"))
        .isEqualTo("docker.io/library/nginx@sha256:abc");
  }

  @Test
  void anImageThatCannotBePulledFailsFirstThenBacksOffAndThePodStaysPending() {
    ObjectNode pod =
        (ObjectNode)
            Json.parse(
                """
                {"metadata":{"uid":"u1"},
                 "spec":{"containers":[{"name":"web","image":"nginx:fail"}]}}
                """
                    .getBytes(StandardCharsets.UTF_8));
    ObjectNode first = PodStatuses.desired(pod, Json.object(), "10.0.0.1");
    JsonNode waiting = first.path("containerStatuses").get(0).path("state").path("waiting");
    assertThat(first.path("phase").asText()).isEqualTo("Pending");
    assertThat(waiting.path("reason").asText()).isEqualTo("ErrImagePull");
    assertThat(waiting.path("message").asText())
        .isEqualTo(
            "rpc error: code = NotFound desc = failed to pull and unpack image"
                + " \"docker.io/library/nginx:fail\": failed to resolve reference"
                + " \"docker.io/library/nginx:fail\": docker.io/library/nginx:fail: not found");
    ObjectNode next = PodStatuses.desired(pod, first, "10.0.0.1");
    waiting = next.path("containerStatuses").get(0).path("state").path("waiting");
    assertThat(waiting.path("reason").asText()).isEqualTo("ImagePullBackOff");
    assertThat(waiting.path("message").asText()).isEqualTo("Back-off pulling image \"nginx:fail\"");
    assertThat(next.path("containerStatuses").get(0).path("imageID").asText()).isEmpty();
    assertThat(next.path("containerStatuses").get(0).has("containerID")).isFalse();
    assertThat(PodStatuses.desired(pod, next, "10.0.0.1")).isEqualTo(next);
  }
}
