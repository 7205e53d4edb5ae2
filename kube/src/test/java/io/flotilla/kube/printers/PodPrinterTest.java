package io.flotilla.kube.printers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pod's READY, STATUS and RESTARTS, as kube-apiserver 1.32 prints them. */
class PodPrinterTest {
  static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

  /** A pod whose one container ran to completion. */
  static final String COMPLETED =
      """
      spec: {containers: [{name: a}]}
      status:
        phase: Succeeded
        containerStatuses: [{name: a, state: {terminated: {exitCode: 0, reason: Completed}}}]
      """;

  /** The row's cells, for a pod given as YAML (metadata name p, created an hour ago). */
  static List<String> row(String yaml) throws Exception {
    ObjectNode pod = (ObjectNode) Json.YAML.readTree(yaml);
    Json.meta(pod).put("name", "p").put("creationTimestamp", "2025-01-01T11:00:00Z");
    ArrayNode cells = Json.array();
    PodPrinter.PRINTER.cells().write(pod, NOW, cells);
    List<String> out = new ArrayList<>();
    cells.forEach(c -> out.add(c.asText()));
    return out;
  }

  static String status(String yaml) throws Exception {
    List<String> r = row(yaml);
    return r.get(1) + " " + r.get(2) + " " + r.get(3);
  }

  @Test
  void runningContainersAreReady() throws Exception {
    assertThat(
            row(
                """
                spec:
                  nodeName: node-1
                  containers: [{name: a}, {name: b}]
                status:
                  phase: Running
                  podIP: 10.244.0.9
                  containerStatuses:
                  - {name: a, ready: true, restartCount: 0, state: {running: {}}}
                  - {name: b, ready: false, restartCount: 0, state: {running: {}}}
                """))
        .containsExactly(
            "p", "1/2", "Running", "0", "60m", "10.244.0.9", "node-1", "<none>", "<none>");
  }

  @Test
  void restartsShowHowLongAgoTheLastOneWas() throws Exception {
    assertThat(
            status(
                """
                spec: {containers: [{name: a}, {name: b}]}
                status:
                  phase: Running
                  containerStatuses:
                  - name: a
                    restartCount: 3
                    lastState: {terminated: {exitCode: 1, finishedAt: '2025-01-01T11:55:00Z'}}
                    state: {waiting: {reason: CrashLoopBackOff}}
                  - name: b
                    restartCount: 1
                    lastState: {terminated: {exitCode: 1, finishedAt: '2025-01-01T11:10:00Z'}}
                    ready: true
                    state: {running: {}}
                """))
        .isEqualTo("1/2 CrashLoopBackOff 4 (5m ago)");
  }

  @Test
  void theFirstContainersReasonWins() throws Exception {
    assertThat(
            status(
                """
                spec: {containers: [{name: a}, {name: b}]}
                status:
                  phase: Pending
                  containerStatuses:
                  - {name: a, state: {waiting: {reason: ErrImagePull}}}
                  - {name: b, state: {waiting: {reason: ContainerCreating}}}
                """))
        .isEqualTo("0/2 ErrImagePull 0");
  }

  @Test
  void terminatedContainers() throws Exception {
    assertThat(status(COMPLETED)).isEqualTo("0/1 Completed 0");
    assertThat(
            status(
                """
                spec: {containers: [{name: a}]}
                status:
                  phase: Failed
                  containerStatuses: [{name: a, state: {terminated: {exitCode: 137}}}]
                """))
        .isEqualTo("0/1 ExitCode:137 0");
    assertThat(
            status(
                """
                spec: {containers: [{name: a}]}
                status:
                  phase: Failed
                  containerStatuses: [{name: a, state: {terminated: {exitCode: 0, signal: 9}}}]
                """))
        .isEqualTo("0/1 Signal:9 0");
  }

  @Test
  void aCompletedContainerBesideARunningOneShowsRunningOrNotReady() throws Exception {
    String pod =
        """
        spec: {containers: [{name: a}, {name: b}]}
        status:
          phase: Running
          conditions: [{type: Ready, status: '%s'}]
          containerStatuses:
          - {name: a, ready: true, state: {running: {}}}
          - {name: b, state: {terminated: {exitCode: 0, reason: Completed}}}
        """;
    assertThat(status(pod.formatted("True"))).isEqualTo("1/2 Running 0");
    assertThat(status(pod.formatted("False"))).isEqualTo("1/2 NotReady 0");
  }

  @Test
  void initContainers() throws Exception {
    String pod =
        """
        spec:
          initContainers: [{name: i1}, {name: i2}]
          containers: [{name: a}]
        status:
          phase: Pending
          initContainerStatuses:
          - {name: i1, state: {terminated: {exitCode: 0, reason: Completed}}}
          - name: i2
            restartCount: 2
            state: %s
          containerStatuses: [{name: a, state: {waiting: {reason: PodInitializing}}}]
        """;
    assertThat(status(pod.formatted("{running: {}}"))).isEqualTo("0/1 Init:1/2 2");
    assertThat(status(pod.formatted("{waiting: {reason: PodInitializing}}")))
        .isEqualTo("0/1 Init:1/2 2");
    assertThat(status(pod.formatted("{waiting: {reason: ImagePullBackOff}}")))
        .isEqualTo("0/1 Init:ImagePullBackOff 2");
    assertThat(status(pod.formatted("{terminated: {exitCode: 1, reason: Error}}")))
        .isEqualTo("0/1 Init:Error 2");
    assertThat(status(pod.formatted("{terminated: {exitCode: 3}}")))
        .isEqualTo("0/1 Init:ExitCode:3 2");
    assertThat(status(pod.formatted("{terminated: {exitCode: 1, signal: 15}}")))
        .isEqualTo("0/1 Init:Signal:15 2");
  }

  @Test
  void sidecarsCountAmongTheContainers() throws Exception {
    assertThat(
            status(
                """
                spec:
                  initContainers: [{name: proxy, restartPolicy: Always}]
                  containers: [{name: a}]
                status:
                  phase: Running
                  conditions: [{type: Initialized, status: 'True'}]
                  initContainerStatuses:
                  - {name: proxy, started: true, ready: true, restartCount: 1, state: {running: {}}}
                  containerStatuses: [{name: a, ready: true, restartCount: 2, state: {running: {}}}]
                """))
        .isEqualTo("2/2 Running 3");
  }

  @Test
  void deletionAndPodLevelReasons() throws Exception {
    assertThat(
            status(
                """
                metadata: {deletionTimestamp: '2025-01-01T11:59:00Z'}
                spec: {containers: [{name: a}]}
                status:
                  phase: Running
                  containerStatuses: [{name: a, ready: true, state: {running: {}}}]
                """))
        .isEqualTo("1/1 Terminating 0");
    assertThat(
            status(
                """
                metadata: {deletionTimestamp: '2025-01-01T11:59:00Z'}
                spec: {containers: [{name: a}]}
                status: {phase: Running, reason: NodeLost}
                """))
        .isEqualTo("0/1 Unknown 0");
    assertThat(status("metadata: {deletionTimestamp: '2025-01-01T11:59:00Z'}\n" + COMPLETED))
        .isEqualTo("0/1 Completed 0");
    assertThat(
            status(
                """
                spec: {containers: [{name: a}]}
                status: {phase: Failed, reason: Evicted}
                """))
        .isEqualTo("0/1 Evicted 0");
    assertThat(
            status(
                """
                spec: {containers: [{name: a}]}
                status:
                  phase: Pending
                  conditions: [{type: PodScheduled, status: 'False', reason: SchedulingGated}]
                """))
        .isEqualTo("0/1 SchedulingGated 0");
  }

  @Test
  void wideColumnsAndRowConditions() throws Exception {
    List<String> r =
        row(
            """
            spec:
              containers: [{name: a}]
              readinessGates: [{conditionType: x/one}, {conditionType: x/two}]
            status:
              phase: Succeeded
              nominatedNodeName: node-2
              podIPs: [{ip: 'fd00::5'}, {ip: 10.0.0.5}]
              podIP: 10.0.0.5
              conditions: [{type: x/one, status: 'True'}, {type: x/two, status: 'False'}]
            """);
    assertThat(r.subList(5, 9)).containsExactly("fd00::5", "<none>", "node-2", "1/2");
    JsonNode done = Json.YAML.readTree("status: {phase: Succeeded}");
    assertThat(PodPrinter.PRINTER.conditions().of(done).toString())
        .isEqualTo(
            "[{\"type\":\"Completed\",\"status\":\"True\",\"reason\":\"Succeeded\","
                + "\"message\":\"The pod has completed successfully.\"}]");
    assertThat(PodPrinter.PRINTER.conditions().of(Json.YAML.readTree("status: {phase: Running}")))
        .isNull();
  }
}
