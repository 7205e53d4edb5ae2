package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The workload controllers as a user meets them through kubectl 1.32: a Deployment gets a
 * ReplicaSet and Pods, {@code rollout status} waits for them, scaling and a new image roll out,
 * {@code rollout history} and {@code undo} work, a bad image stalls the rollout, and deleting the
 * Deployment takes its ReplicaSets and Pods with it; StatefulSets and DaemonSets get their Pods.
 */
class KubectlWorkloadsIT extends KubectlTestSupport {
  private static final String HASH = "[4-9bcdf]{6,10}";

  private static JsonNode items(String ns, String resource, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("get", resource, "-n", ns, "-o", "json"));
    args.addAll(List.of(more));
    return json(ok(args.toArray(String[]::new))).path("items");
  }

  private static List<String> names(JsonNode items) {
    List<String> out = new ArrayList<>();
    items.forEach(i -> out.add(i.path("metadata").path("name").asText()));
    return out;
  }

  private static JsonNode only(JsonNode items) {
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  /** Waits until the namespace's Pods are {@code count} Pods of ReplicaSet {@code rs}. */
  private static void awaitPodsOf(String ns, String rs, int count) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(names(items(ns, "pods")))
                    .hasSize(count)
                    .allMatch(n -> n.startsWith(rs + "-")));
  }

  /** A fresh namespace with Deployment {@code web} of nginx:1.27, rolled out. */
  private static String webRolledOut(int replicas) throws Exception {
    String ns = namespace();
    ok("create", "deployment", "web", "--image=nginx:1.27", "--replicas=" + replicas, "-n", ns);
    rolledOut(ns, "deployment/web");
    return ns;
  }

  private static void rolledOut(String ns, String what) throws Exception {
    KubectlRunner.Result r = ok("rollout", "status", what, "-n", ns, "--timeout=60s");
    String name = what.substring(what.indexOf('/') + 1);
    assertThat(r.out()).endsWith("deployment \"" + name + "\" successfully rolled out\n");
  }

  @Test
  void aDeploymentGetsAReplicaSetAndPodsThatRunAndRollOutStatusCompletes() throws Exception {
    String ns = namespace();
    assertThat(
            ok("create", "deployment", "web", "--image=nginx:1.27", "--replicas=2", "-n", ns).out())
        .isEqualTo("deployment.apps/web created\n");

    rolledOut(ns, "deployment/web");

    JsonNode rs = only(items(ns, "replicasets"));
    String rsName = rs.path("metadata").path("name").asText();
    assertThat(rsName).matches("web-" + HASH);
    String hash = rsName.substring("web-".length());
    assertThat(rs.path("metadata").path("labels").path("pod-template-hash").asText())
        .isEqualTo(hash);
    assertThat(rs.path("spec").path("selector").path("matchLabels").toString())
        .isEqualTo("{\"app\":\"web\",\"pod-template-hash\":\"" + hash + "\"}");
    assertThat(rs.path("metadata").path("annotations").toString())
        .isEqualTo(
            "{\"deployment.kubernetes.io/desired-replicas\":\"2\","
                + "\"deployment.kubernetes.io/max-replicas\":\"3\","
                + "\"deployment.kubernetes.io/revision\":\"1\"}");
    JsonNode owner = rs.path("metadata").path("ownerReferences").get(0);
    JsonNode deploy = json(ok("get", "deployment", "web", "-n", ns, "-o", "json"));
    // kubectl prints JSON with its keys sorted
    assertThat(owner.toString())
        .isEqualTo(
            "{\"apiVersion\":\"apps/v1\",\"blockOwnerDeletion\":true,\"controller\":true,"
                + "\"kind\":\"Deployment\",\"name\":\"web\",\"uid\":\""
                + deploy.path("metadata").path("uid").asText()
                + "\"}");
    assertThat(rs.path("status").toString())
        .isEqualTo(
            "{\"availableReplicas\":2,\"fullyLabeledReplicas\":2,\"observedGeneration\":1,"
                + "\"readyReplicas\":2,\"replicas\":2}");

    JsonNode pods = items(ns, "pods", "-l", "app=web");
    assertThat(names(pods)).hasSize(2).allMatch(n -> n.matches(rsName + "-" + SUFFIX));
    for (JsonNode pod : pods) {
      assertThat(pod.path("metadata").path("generateName").asText()).isEqualTo(rsName + "-");
      assertThat(pod.path("metadata").path("ownerReferences").get(0).path("uid").asText())
          .isEqualTo(rs.path("metadata").path("uid").asText());
      assertThat(pod.path("spec").path("nodeName").asText()).isEqualTo("flotilla");
      JsonNode s = pod.path("status");
      assertThat(s.path("phase").asText()).isEqualTo("Running");
      assertThat(s.path("hostIP").asText()).isEqualTo("10.0.0.1");
      assertThat(s.path("podIP").asText()).matches("10\\.244\\.\\d+\\.\\d+");
      assertThat(s.path("qosClass").asText()).isEqualTo("BestEffort");
      assertThat(s.path("startTime").asText()).isNotEmpty();
      List<String> conditions = new ArrayList<>();
      s.path("conditions")
          .forEach(c -> conditions.add(c.path("type").asText() + "=" + c.path("status").asText()));
      assertThat(conditions)
          .containsExactly(
              "PodReadyToStartContainers=True",
              "Initialized=True",
              "Ready=True",
              "ContainersReady=True",
              "PodScheduled=True");
      JsonNode c = s.path("containerStatuses").get(0);
      assertThat(c.path("name").asText()).isEqualTo("nginx");
      assertThat(c.path("image").asText()).isEqualTo("docker.io/library/nginx:1.27");
      assertThat(c.path("imageID").asText()).startsWith("docker.io/library/nginx@sha256:");
      assertThat(c.path("containerID").asText()).matches("containerd://[0-9a-f]{64}");
      assertThat(c.path("ready").asBoolean()).isTrue();
      assertThat(c.path("state").path("running").path("startedAt").asText()).isNotEmpty();
    }

    JsonNode status = json(ok("get", "deployment", "web", "-n", ns, "-o", "json")).path("status");
    assertThat(status.path("replicas").asInt()).isEqualTo(2);
    assertThat(status.path("readyReplicas").asInt()).isEqualTo(2);
    assertThat(status.path("availableReplicas").asInt()).isEqualTo(2);
    assertThat(status.path("updatedReplicas").asInt()).isEqualTo(2);
    assertThat(conditions(status))
        .containsExactly(
            "Available=True MinimumReplicasAvailable: Deployment has minimum availability.",
            "Progressing=True NewReplicaSetAvailable: ReplicaSet \""
                + rsName
                + "\" has successfully progressed.");
    assertThat(
            ok(
                    "get",
                    "deployment",
                    "web",
                    "-n",
                    ns,
                    "-o",
                    "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}")
                .out())
        .isEqualTo("1");
  }

  @Test
  void scalingChangesThePodCountAndANewImageRollsOutThroughANewReplicaSet() throws Exception {
    String ns = webRolledOut(2);
    String first = names(items(ns, "replicasets")).get(0);

    assertThat(
            ok("patch", "deployment", "web", "-n", ns, "-p", "{\"spec\":{\"replicas\":3}}").out())
        .isEqualTo("deployment.apps/web patched\n");
    rolledOut(ns, "deployment/web");
    assertThat(names(items(ns, "pods"))).hasSize(3).allMatch(n -> n.startsWith(first + "-"));
    assertThat(names(items(ns, "replicasets"))).containsExactly(first);
    assertThat(ok("scale", "deployment/web", "--replicas=4", "-n", ns).out())
        .isEqualTo("deployment.apps/web scaled\n");
    rolledOut(ns, "deployment/web");
    assertThat(names(items(ns, "pods"))).hasSize(4).allMatch(n -> n.startsWith(first + "-"));
    ok("scale", "deployment/web", "--replicas=3", "-n", ns);
    awaitPodsOf(ns, first, 3);

    assertThat(ok("set", "image", "deployment/web", "nginx=nginx:1.28", "-n", ns).out())
        .isEqualTo("deployment.apps/web image updated\n");
    rolledOut(ns, "deployment/web");
    JsonNode sets = items(ns, "replicasets");
    assertThat(names(sets)).hasSize(2).contains(first);
    String second = names(sets).stream().filter(n -> !n.equals(first)).findFirst().orElseThrow();
    assertThat(second).matches("web-" + HASH);
    for (JsonNode rs : sets) {
      boolean isNew = rs.path("metadata").path("name").asText().equals(second);
      assertThat(rs.path("spec").path("replicas").asInt()).isEqualTo(isNew ? 3 : 0);
      assertThat(
              rs.path("metadata")
                  .path("annotations")
                  .path("deployment.kubernetes.io/revision")
                  .asText())
          .isEqualTo(isNew ? "2" : "1");
    }
    awaitPodsOf(ns, second, 3);
    for (JsonNode pod : items(ns, "pods")) {
      assertThat(pod.path("spec").path("containers").get(0).path("image").asText())
          .isEqualTo("nginx:1.28");
    }

    KubectlRunner.Result history = ok("rollout", "history", "deployment/web", "-n", ns);
    assertThat(history.out())
        .isEqualTo(
            "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n");

    assertThat(ok("rollout", "undo", "deployment/web", "-n", ns).out())
        .isEqualTo("deployment.apps/web rolled back\n");
    rolledOut(ns, "deployment/web");
    awaitPodsOf(ns, first, 3);
    for (JsonNode rs : items(ns, "replicasets")) {
      JsonNode annotations = rs.path("metadata").path("annotations");
      if (rs.path("metadata").path("name").asText().equals(first)) {
        assertThat(annotations.path("deployment.kubernetes.io/revision").asText()).isEqualTo("3");
        assertThat(annotations.path("deployment.kubernetes.io/revision-history").asText())
            .isEqualTo("1");
        assertThat(rs.path("spec").path("replicas").asInt()).isEqualTo(3);
      } else {
        assertThat(rs.path("spec").path("replicas").asInt()).isZero();
      }
    }
    assertThat(ok("rollout", "history", "deployment/web", "-n", ns).out())
        .isEqualTo(
            "deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n");
  }

  @Test
  void anImageThatCannotBePulledStallsTheRolloutUntilItIsUndone() throws Exception {
    String ns = webRolledOut(3);

    ok("set", "image", "deployment/web", "nginx=nginx:fail", "-n", ns);
    KubectlRunner.Result stuck =
        kubectl.run("rollout", "status", "deployment/web", "-n", ns, "--timeout=2s");
    assertThat(stuck.code()).isEqualTo(1);
    assertThat(stuck.out())
        .contains(
            "Waiting for deployment \"web\" rollout to finish: 1 out of 3 new replicas have been updated...\n");
    assertThat(stuck.err()).isEqualTo("error: timed out waiting for the condition\n");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              JsonNode failing = items(ns, "pods", "--field-selector=status.phase=Pending");
              JsonNode waiting =
                  only(failing)
                      .path("status")
                      .path("containerStatuses")
                      .get(0)
                      .path("state")
                      .path("waiting");
              assertThat(waiting.path("reason").asText()).isEqualTo("ImagePullBackOff");
              assertThat(waiting.path("message").asText())
                  .isEqualTo("Back-off pulling image \"nginx:fail\"");
            });
    assertThat(items(ns, "pods", "--field-selector=status.phase=Running")).hasSize(3);

    ok("rollout", "undo", "deployment/web", "-n", ns);
    rolledOut(ns, "deployment/web");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(items(ns, "pods", "--field-selector=status.phase=Running")).hasSize(3));
    assertThat(items(ns, "pods", "--field-selector=status.phase=Pending")).isEmpty();
  }

  @Test
  void deletingADeploymentDeletesItsReplicaSetsAndPods() throws Exception {
    String ns = webRolledOut(2);
    ok("set", "image", "deployment/web", "nginx=nginx:1.28", "-n", ns);
    rolledOut(ns, "deployment/web");
    assertThat(items(ns, "replicasets")).hasSize(2);

    assertThat(ok("delete", "deployment", "web", "-n", ns).out())
        .isEqualTo("deployment.apps \"web\" deleted\n");

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(items(ns, "replicasets")).isEmpty();
              assertThat(items(ns, "pods")).isEmpty();
            });
  }

  @Test
  void orphaningKeepsTheReplicaSetAndItsPods() throws Exception {
    String ns = webRolledOut(2);

    ok("delete", "deployment", "web", "-n", ns, "--cascade=orphan");

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(only(items(ns, "replicasets")).path("metadata").has("ownerReferences"))
                    .isFalse());
    assertThat(items(ns, "pods")).hasSize(2);
  }

  @Test
  void aStatefulSetGetsOrderedPodsWithTheirClaims() throws Exception {
    String ns = namespace();
    applyIn(
        ns,
        """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          serviceName: db
          replicas: 3
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}}
            spec: {containers: [{name: redis, image: "redis:7"}]}
          volumeClaimTemplates:
          - metadata: {name: data}
            spec:
              accessModes: [ReadWriteOnce]
              resources: {requests: {storage: 1Gi}}
        """);

    KubectlRunner.Result r = ok("rollout", "status", "statefulset/db", "-n", ns, "--timeout=60s");
    assertThat(r.out())
        .endsWith("partitioned roll out complete: 3 new pods have been updated...\n");

    assertThat(names(items(ns, "pods"))).containsExactly("db-0", "db-1", "db-2");
    JsonNode pod = items(ns, "pods").get(1);
    assertThat(pod.path("spec").path("hostname").asText()).isEqualTo("db-1");
    assertThat(pod.path("spec").path("subdomain").asText()).isEqualTo("db");
    assertThat(
            pod.path("metadata").path("labels").path("statefulset.kubernetes.io/pod-name").asText())
        .isEqualTo("db-1");
    assertThat(pod.path("metadata").path("labels").path("apps.kubernetes.io/pod-index").asText())
        .isEqualTo("1");
    JsonNode sts = json(ok("get", "statefulset", "db", "-n", ns, "-o", "json"));
    String revision = sts.path("status").path("updateRevision").asText();
    assertThat(revision).matches("db-" + HASH);
    assertThat(pod.path("metadata").path("labels").path("controller-revision-hash").asText())
        .isEqualTo(revision);
    assertThat(names(items(ns, "controllerrevisions"))).containsExactly(revision);
    assertThat(names(items(ns, "persistentvolumeclaims")))
        .containsExactly("data-db-0", "data-db-1", "data-db-2");

    ok("patch", "statefulset", "db", "-n", ns, "-p", "{\"spec\":{\"replicas\":1}}");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(names(items(ns, "pods"))).containsExactly("db-0"));
    assertThat(names(items(ns, "persistentvolumeclaims"))).hasSize(3);
  }

  @Test
  void aDaemonSetRunsOnePodOnTheNode() throws Exception {
    String ns = namespace();
    assertThat(ok("get", "nodes", "-o", "name").out()).isEqualTo("node/flotilla\n");
    applyIn(
        ns,
        """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent}
        spec:
          selector: {matchLabels: {app: agent}}
          template:
            metadata: {labels: {app: agent}}
            spec: {containers: [{name: agent, image: "busybox:1"}]}
        """);

    KubectlRunner.Result r = ok("rollout", "status", "daemonset/agent", "-n", ns, "--timeout=60s");
    assertThat(r.out()).endsWith("daemon set \"agent\" successfully rolled out\n");
    JsonNode pod = only(items(ns, "pods"));
    assertThat(pod.path("metadata").path("name").asText()).matches("agent-" + SUFFIX);
    assertThat(pod.path("spec").path("nodeName").asText()).isEqualTo("flotilla");
    assertThat(pod.path("status").path("phase").asText()).isEqualTo("Running");
  }

  @Test
  void getAllShowsTheDeploymentsPodsAndReplicaSetsBesideTheService() throws Exception {
    String ns = namespace();
    ok("create", "deployment", "podinfo", "--image=ghcr.io/stefanprodan/podinfo:6.5.3", "-n", ns);
    ok("expose", "deployment", "podinfo", "--port=9898", "-n", ns);
    rolledOut(ns, "deployment/podinfo");

    KubectlRunner.Result names = ok("get", "all", "-n", ns, "-o", "name");
    KubectlRunner.Result table = ok("get", "all", "-n", ns);

    String rs = names(items(ns, "replicasets")).get(0);
    String pod = names(items(ns, "pods")).get(0);
    assertThat(names.out())
        .isEqualTo(
            "pod/"
                + pod
                + "\nservice/podinfo\ndeployment.apps/podinfo\nreplicaset.apps/"
                + rs
                + "\n");
    // as the tutorial shows it: the Pod running, the Deployment and ReplicaSet 1/1
    assertThat(table.out().split("\n\n"))
        .satisfiesExactly(
            pods ->
                assertThat(pods)
                    .matches(
                        "NAME +READY +STATUS +RESTARTS +AGE\npod/"
                            + pod
                            + " +1/1 +Running +0 +\\d+s"),
            services ->
                assertThat(services)
                    .matches(
                        "NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\\(S\\) +AGE\n"
                            + "service/podinfo +ClusterIP +10\\.96\\.\\d+\\.\\d+ +<none> +9898/TCP +\\d+s"),
            deployments ->
                assertThat(deployments)
                    .matches(
                        "NAME +READY +UP-TO-DATE +AVAILABLE +AGE\n"
                            + "deployment\\.apps/podinfo +1/1 +1 +1 +\\d+s"),
            replicaSets ->
                assertThat(replicaSets)
                    .matches(
                        "NAME +DESIRED +CURRENT +READY +AGE\nreplicaset\\.apps/"
                            + rs
                            + " +1 +1 +1 +\\d+s\n"));
  }
}
