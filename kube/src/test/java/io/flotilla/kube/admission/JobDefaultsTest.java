package io.flotilla.kube.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import org.junit.jupiter.api.Test;

/** kube-apiserver 1.32's Job defaults and generated selector. */
class JobDefaultsTest {
  static ObjectNode job(String yaml) throws Exception {
    return (ObjectNode) Json.YAML.readTree(yaml);
  }

  @Test
  void aJobGetsItsDefaultsAndASelectorOnItsUid() throws Exception {
    ObjectNode j =
        job(
            """
            metadata: {name: pi, uid: u-1}
            spec:
              template:
                metadata: {labels: {app: pi}}
                spec: {restartPolicy: Never}
            """);
    JobDefaults.onCreate(j);
    assertThat(j.path("spec").toString())
        .isEqualTo(
            "{\"template\":{\"metadata\":{\"labels\":{\"app\":\"pi\","
                + "\"batch.kubernetes.io/controller-uid\":\"u-1\","
                + "\"batch.kubernetes.io/job-name\":\"pi\",\"controller-uid\":\"u-1\","
                + "\"job-name\":\"pi\"}},\"spec\":{\"restartPolicy\":\"Never\"}},"
                + "\"completions\":1,\"parallelism\":1,\"backoffLimit\":6,"
                + "\"completionMode\":\"NonIndexed\",\"suspend\":false,"
                + "\"podReplacementPolicy\":\"TerminatingOrFailed\",\"manualSelector\":false,"
                + "\"selector\":{\"matchLabels\":{\"batch.kubernetes.io/controller-uid\":\"u-1\"}}}");
    assertThat(j.path("metadata").path("labels"))
        .isEqualTo(j.path("spec").path("template").path("metadata").path("labels"));
  }

  @Test
  void givenValuesStayAndAManualSelectorIsLeftAlone() throws Exception {
    ObjectNode j =
        job(
            """
            metadata: {name: x, uid: u-2, labels: {team: a}}
            spec:
              parallelism: 3
              backoffLimitPerIndex: 1
              podFailurePolicy: {rules: []}
              manualSelector: true
              selector: {matchLabels: {app: x}}
              template: {metadata: {labels: {app: x}}}
            """);
    JobDefaults.onCreate(j);
    assertThat(j.path("spec").has("completions")).as("parallelism alone leaves it unset").isFalse();
    assertThat(j.path("spec").path("backoffLimit").asInt()).isEqualTo(Integer.MAX_VALUE);
    assertThat(j.path("spec").path("podReplacementPolicy").asText()).isEqualTo("Failed");
    assertThat(j.path("spec").path("selector").toString())
        .isEqualTo("{\"matchLabels\":{\"app\":\"x\"}}");
    assertThat(j.path("spec").path("template").path("metadata").path("labels").toString())
        .isEqualTo("{\"app\":\"x\"}");
    assertThat(j.path("metadata").path("labels").toString()).isEqualTo("{\"team\":\"a\"}");
  }
}
