package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.app.ops.KubeClients;
import io.flotilla.app.Main;
import io.flotilla.app.sample.GitHttpServer;
import io.flotilla.server.ConfigurationServer;
import io.flotilla.server.ServerOptions;
import io.flotilla.testkit.GitFixture;
import io.flotilla.testkit.PrivatePostgres;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's fault-injection suite: each case injects one fault into a running system and asserts
 * that nothing was lost, nothing was deleted that nobody asked to delete, and that the system
 * converges once the fault is gone. The last line of the run counts them: {@code faults survived:
 * N/N}.
 *
 * <p>The first case runs {@code flotilla up} as a real process (kill -9 needs one); the second its
 * own PostgreSQL; the others share one in-process system ({@link FaultStack}) whose controllers
 * reach the Kubernetes API and Git through fault proxies.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(FaultTally.class)
class FaultsE2E {
  static final Duration CONVERGE = Duration.ofSeconds(120);

  @TempDir static Path dir;
  private static FaultStack stack;

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  private static FaultStack stack() throws Exception {
    if (stack == null) {
      stack = FaultStack.start(dir.resolve("stack"));
    }
    return stack;
  }

  // ---------------------------------------------------------------- kill -9 of up while applying

  @Test
  @Order(1)
  void killMinus9OfUpWhile500ObjectsAreAppliedThenRestart() throws Exception {
    Path data = dir.resolve("up-data");
    Path cliConfig = dir.resolve("up-cli-config");
    Path repoDir = dir.resolve("bulk-repo");
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      yaml.append(configMap(String.format("cm-%03d", i), "bulk", "v1")).append("---\n");
    }
    try (GitFixture repo = GitFixture.init(repoDir);
        GitHttpServer git = GitHttpServer.start("127.0.0.1", 0)) {
      repo.write(Map.of("cms.yaml", yaml.toString())).commit("500 ConfigMaps");
      String url =
          git.serve(
              "bulk",
              new FileRepositoryBuilder().setGitDir(repoDir.resolve(".git").toFile()).build());
      List<String> args =
          List.of(
              "up",
              "--data-dir",
              data.toString(),
              "--port",
              "" + freePort(),
              "--git-port",
              "" + freePort(),
              "--artifact-port",
              "" + freePort());
      Map<String, String> env =
          Map.of("FLOTILLA_CONFIG", cliConfig.toString(), "HOME", dir.toString());
      Map<String, String> seen = new ConcurrentHashMap<>();
      try (ChildJvm up =
              ChildJvm.start(Main.class, args, env, dir.resolve("up-1.log"), "Flotilla is up.");
          KubernetesClient kube = KubeClients.create(data.resolve("kubeconfig"))) {
        AtomicInteger added = new AtomicInteger();
        try (Watch w =
            kube.configMaps()
                .inNamespace("bulk")
                .watch(
                    new Watcher<>() {
                      @Override
                      public void eventReceived(Action action, ConfigMap cm) {
                        if (action == Action.ADDED) {
                          seen.put(cm.getMetadata().getName(), cm.getMetadata().getUid());
                          if (added.incrementAndGet() == 100) {
                            up.kill(); // in the middle of the apply
                          }
                        }
                      }

                      @Override
                      public void onClose(WatcherException cause) {}
                    })) {
          new FluxCli(new CliRun(cliConfig, dir), "local", "local")
              .create("bulk", url, List.of("name=all", "path=./"), "--no-wait");
          await().atMost(CONVERGE).until(() -> !up.alive());
        }
      }
      assertThat(seen).as("ConfigMaps applied before the kill").hasSizeBetween(100, 499);

      try (ChildJvm up =
              ChildJvm.start(Main.class, args, env, dir.resolve("up-2.log"), "Flotilla is up.");
          KubernetesClient kube = KubeClients.create(data.resolve("kubeconfig"))) {
        List<String> deleted = new CopyOnWriteArrayList<>();
        try (Watch w = watchDeletions(kube, "bulk", deleted)) {
          FluxCli flux = new FluxCli(new CliRun(cliConfig, dir), "local", "local");
          await()
              .atMost(CONVERGE)
              .untilAsserted(
                  () ->
                      assertThat(flux.show("bulk").at("/complianceState").asText())
                          .isEqualTo("Compliant"));
          CliRun.Result list = flux.run("list");
          assertThat(list.json()).as("one configuration, not two").hasSize(1);
          Map<String, String> now =
              kube.configMaps().inNamespace("bulk").list().getItems().stream()
                  .filter(cm -> cm.getMetadata().getName().startsWith("cm-"))
                  .collect(
                      Collectors.toMap(
                          cm -> cm.getMetadata().getName(), cm -> cm.getMetadata().getUid()));
          assertThat(now).as("all 500").hasSize(500);
          // applied before the kill, still the same objects: nothing was pruned or recreated
          seen.forEach((name, uid) -> assertThat(now.get(name)).as(name).isEqualTo(uid));
          GenericKubernetesResource ks = kustomization(kube, "bulk", "bulk-all");
          List<String> inventory = inventoryIds(ks);
          assertThat(inventory).as("inventory").hasSize(500).doesNotHaveDuplicates();
          assertThat(deleted).as("deleted after the restart").isEmpty();
        }
        up.stop(Duration.ofSeconds(60));
      }
    }
  }

  // ------------------------------------------------------------- PostgreSQL restarted under server

  @Test
  @Order(2)
  void postgresRestartedUnderTheServiceLosesAndDoublesNoWrite() throws Exception {
    String sub = UUID.randomUUID().toString();
    try (PrivatePostgres pg = PrivatePostgres.startOrSkip();
        ConfigurationServer server =
            ConfigurationServer.start(
                ServerOptions.defaults()
                    .withPort(0)
                    .withDataDir(dir.resolve("pg-service"))
                    .withDatabaseUrl(pg.url()));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      server
          .clusters()
          .register(
              new ClusterRef(sub, "rg", "Microsoft.Kubernetes", "connectedClusters", "pg"),
              "local");
      ArmRequests arm = new ArmRequests(server.url(), server.adminToken());
      RetryingArmWriter writer = new RetryingArmWriter(http, arm, sub);
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        int client = c;
        clients.add(Thread.ofPlatform().start(() -> writer.run(client)));
      }
      await().atMost(CONVERGE).until(() -> writer.acknowledged() >= 40);
      pg.crash();
      pg.start();
      int afterRestart = writer.acknowledged();
      await().atMost(CONVERGE).until(() -> writer.acknowledged() >= afterRestart + 40);
      writer.stop();
      for (Thread t : clients) {
        t.join(Duration.ofSeconds(120));
      }
      assertThat(writer.problems()).as("answers other than success or a retryable error").isEmpty();
      System.out.println("postgres restart: errors seen by clients " + writer.errors());

      List<String> wrong = new ArrayList<>();
      for (var e : writer.last().entrySet()) {
        String branch = arm.branch(http, ArmRequests.configuration(sub, "pg", e.getKey()));
        if (!branch.equals(e.getValue())) {
          wrong.add(e.getKey() + ": last acknowledged " + e.getValue() + ", found " + branch);
        }
      }
      assertThat(wrong).as("lost writes").isEmpty();
      HttpResponse<String> list =
          http.send(
              arm.get(ArmRequests.configurations(sub, "pg")), HttpResponse.BodyHandlers.ofString());
      assertThat(json(list.body()).path("value"))
          .as("configurations")
          .hasSize(writer.last().size());
    }
  }

  // --------------------------------------------------------------------- agent away for a while

  @Test
  @Order(3)
  void theAgentStoppedWhileConfigurationsChangeConvergesToTheLatestOnReturn() throws Exception {
    FaultStack s = stack();
    FaultStack.Repo repo = s.repo("agent");
    String c1 =
        repo.git()
            .write(
                Map.of(
                    "one/cm.yaml", configMap("first", "agent-a", "v1"),
                    "two/cm.yaml", configMap("second", "agent-a", "v1"),
                    "b/cm.yaml", configMap("b", "agent-b", "v1"),
                    "c/cm.yaml", configMap("c", "agent-c", "v1")))
            .commit("one");
    s.serve(repo);
    s.create("agent-a", repo.url(), "./one");
    s.create("agent-b", repo.url(), "./b");
    s.awaitCompliant("agent-a", c1);
    s.awaitCompliant("agent-b", c1);

    s.stopAgent();
    // while it is away: agent-a moves to another path, agent-c is created, agent-b deleted
    CliRun.Result moved =
        s.flux(
            "kustomization update", "-n", "agent-a", "-k", "apps", "--path", "./two", "--no-wait");
    assertThat(moved.code()).as(moved.toString()).isZero();
    s.create("agent-c", repo.url(), "./c", "--no-wait");
    CliRun.Result deleted = s.flux("delete", "-n", "agent-b", "--yes", "--no-wait");
    assertThat(deleted.code()).as(deleted.toString()).isZero();
    // nothing changes on the cluster without the agent
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                s.client.configMaps().inNamespace("agent-a").withName("first").get() != null
                    && s.client.configMaps().inNamespace("agent-b").withName("b").get() != null
                    && s.client.namespaces().withName("agent-c").get() == null);

    s.startAgent();
    s.awaitCompliant("agent-a", c1);
    s.awaitCompliant("agent-c", c1);
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(s.client.configMaps().inNamespace("agent-a").withName("second").get())
                  .isNotNull();
              // the path change was asked for: what only the old path had is pruned
              assertThat(s.client.configMaps().inNamespace("agent-a").withName("first").get())
                  .isNull();
              assertThat(s.client.configMaps().inNamespace("agent-b").withName("b").get()).isNull();
              assertThat(s.flux("show", "-n", "agent-b").code()).isNotZero();
            });
  }

  // ------------------------------------------------------------- Git server answering 500, hanging

  @Test
  @Order(4)
  void aGitServerAnswering500OrHangingKeepsTheLastStateSaysWhyAndRecovers() throws Exception {
    FaultStack s = stack();
    OneConfigMap applied = oneConfigMap(s, "flaky", "git-faults");
    FaultStack.Repo repo = applied.repo();
    String uid = applied.uid();

    // 500 for every request to this repository
    s.gitProxy.rule(
        r ->
            r.path().startsWith("/flaky.git")
                ? new FaultProxy.Answer(500, null, "text/plain", "Internal Server Error")
                : FaultProxy.PASS);
    String c2 =
        repo.git().write(Map.of("apps/cm.yaml", configMap("app", "git-faults", "v2"))).commit("v2");
    awaitSourceFailure(s, "git-faults", "500");
    assertKept(s, "git-faults", "app", uid, "v1");
    Duration recovered = heal(s, s.gitProxy, "git-faults", c2);
    System.out.println(
        "git 500: recovered in " + recovered.toMillis() + " ms after the fault ended");
    assertThat(recovered).as("recovery").isLessThan(FaultStack.INTERVAL.plusSeconds(10));

    // no answer at all, for longer than the source's timeout
    s.gitProxy.rule(
        r -> r.path().startsWith("/flaky.git") ? new FaultProxy.Hang(HANG) : FaultProxy.PASS);
    String c3 =
        repo.git().write(Map.of("apps/cm.yaml", configMap("app", "git-faults", "v3"))).commit("v3");
    awaitSourceFailure(s, "git-faults", "timed out");
    assertKept(s, "git-faults", "app", uid, "v2");
    recovered = heal(s, s.gitProxy, "git-faults", c3);
    System.out.println(
        "git hang: recovered in " + recovered.toMillis() + " ms after the fault ended");
    // a fetch hanging when the fault ends gives up at the source's timeout
    assertThat(recovered)
        .as("recovery")
        .isLessThan(FaultStack.INTERVAL.plus(FaultStack.SOURCE_TIMEOUT).plusSeconds(10));
  }

  /**
   * How long the hanging Git server keeps a request: the two minutes, shortened; longer
   * than the source's timeout is what matters. {@code -Dfaults.hangSeconds=120} runs the real one.
   */
  static final Duration HANG = Duration.ofSeconds(Long.getLong("faults.hangSeconds", 8));

  // --------------------------------------------------- Kubernetes API answering 5xx and 429
  // mid-apply

  @Test
  @Order(5)
  void theKubernetesApiAnswering5xxAnd429MidApplyPrunesNothingRetriesAndConverges()
      throws Exception {
    FaultStack s = stack();
    FaultStack.Repo repo = s.repo("api-faults");
    String c1 =
        repo.git().write(Map.of("apps/cms.yaml", configMaps(40, "kube-faults", "v1"))).commit("v1");
    s.serve(repo);
    s.create("kube-faults", repo.url(), "./apps");
    s.awaitCompliant("kube-faults", c1);
    Map<String, String> before = uids(s.client, "kube-faults");
    assertThat(before).hasSize(40);

    // what the watch saw: each ConfigMap's last value, and how many had v2 when cm-39 went
    Map<String, String> values = new ConcurrentHashMap<>();
    List<String> deleted = new CopyOnWriteArrayList<>();
    AtomicInteger atV2WhenPruned = new AtomicInteger(-1);
    AtomicInteger writes = new AtomicInteger();
    try (Watch w =
        s.client
            .configMaps()
            .inNamespace("kube-faults")
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, ConfigMap cm) {
                    String name = cm.getMetadata().getName();
                    if (action == Action.DELETED) {
                      deleted.add(name);
                      atV2WhenPruned.set(
                          (int) values.values().stream().filter("v2"::equals).count());
                    } else if (cm.getData() != null) {
                      values.put(name, cm.getData().get("value"));
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      // every second write of a ConfigMap fails (500, every third fault 429 with Retry-After: 1)
      // until 18 faults were injected
      int injectedBefore = s.kubeProxy.injected();
      s.kubeProxy.rule(
          r -> {
            if (r.method().equals("GET")
                || !r.path().contains("/namespaces/kube-faults/configmaps")
                || s.kubeProxy.injected() - injectedBefore >= 18) {
              return FaultProxy.PASS;
            }
            int n = writes.getAndIncrement();
            if (n % 2 == 1) {
              return FaultProxy.PASS;
            }
            return n % 6 == 4
                ? new FaultProxy.Answer(429, "1", "application/json", STATUS_429)
                : new FaultProxy.Answer(500, null, "application/json", STATUS_500);
          });
      // the new revision changes 39 ConfigMaps and no longer has cm-39
      String c2 =
          repo.git()
              .write(Map.of("apps/cms.yaml", configMaps(39, "kube-faults", "v2")))
              .commit("v2");
      s.awaitCompliant("kube-faults", c2);
      System.out.println(
          "kubernetes api: " + (s.kubeProxy.injected() - injectedBefore) + " faults injected");
      assertThat(s.kubeProxy.injected() - injectedBefore).as("faults injected").isGreaterThan(6);
      s.kubeProxy.heal();
      // pruned: only what the revision removed, and only once everything else was applied
      await().atMost(CONVERGE).until(() -> !deleted.isEmpty());
      assertThat(deleted).containsExactly("cm-39");
      Map<String, String> after = uids(s.client, "kube-faults");
      before.remove("cm-39");
      assertThat(after).as("the same objects, none deleted and recreated").isEqualTo(before);
      for (ConfigMap cm : s.client.configMaps().inNamespace("kube-faults").list().getItems()) {
        if (cm.getMetadata().getName().startsWith("cm-")) {
          assertThat(cm.getData()).as(cm.getMetadata().getName()).containsEntry("value", "v2");
        }
      }
      assertThat(atV2WhenPruned.get()).isEqualTo(39);
    }
  }

  static final String STATUS_500 =
      """
      {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",\
      "message":"etcdserver: request timed out","reason":"InternalError","code":500}""";
  static final String STATUS_429 =
      """
      {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",\
      "message":"the server has received too many requests and has asked us to try again later",\
      "reason":"TooManyRequests","details":{"retryAfterSeconds":1},"code":429}""";

  // -------------------------------------------------------------------- artifact store disk full

  @Test
  @Order(6)
  void aFullDiskForTheArtifactStoreIsAClearConditionAndCorruptsNothing() throws Exception {
    FaultStack s = stack();
    assumeTrue(s.disk != null, "no small disk for the artifact store: " + s.noDisk);
    OneConfigMap applied = oneConfigMap(s, "full", "disk-full");
    FaultStack.Repo repo = applied.repo();
    String uid = applied.uid();
    JsonNode artifact = gitRepository(s.client, "disk-full").at("/status/artifact");

    s.disk.fill();
    try {
      String c2 =
          repo.git()
              .write(Map.of("apps/cm.yaml", configMap("app", "disk-full", "v2")))
              .commit("v2");
      awaitSourceFailure(s, "disk-full", "no space left on device");
      assertKept(s, "disk-full", "app", uid, "v1");
      // the artifact of the last good revision is whole: its bytes still match its digest
      assertThat(gitRepository(s.client, "disk-full").at("/status/artifact/digest"))
          .isEqualTo(artifact.at("/digest"));
      assertThat(sha256(artifact.at("/url").asText())).isEqualTo(artifact.at("/digest").asText());
      s.disk.clear();
      Duration recovered = awaitCompliantSince(s, "disk-full", c2);
      System.out.println(
          "disk full: recovered in " + recovered.toMillis() + " ms after space was freed");
      assertThat(recovered).as("recovery").isLessThan(FaultStack.INTERVAL.plusSeconds(10));
    } finally {
      s.disk.clear();
    }
  }

  // ------------------------------------------------------------------------------------- helpers

  /** A configuration applied from its own repository: one ConfigMap {@code app}, value v1. */
  private record OneConfigMap(FaultStack.Repo repo, String commit, String uid) {}

  private static OneConfigMap oneConfigMap(FaultStack s, String repoName, String name)
      throws Exception {
    FaultStack.Repo repo = s.repo(repoName);
    String commit =
        repo.git().write(Map.of("apps/cm.yaml", configMap("app", name, "v1"))).commit("v1");
    s.serve(repo);
    s.create(name, repo.url(), "./apps");
    s.awaitCompliant(name, commit);
    ConfigMap cm = s.client.configMaps().inNamespace(name).withName("app").get();
    return new OneConfigMap(repo, commit, cm.getMetadata().getUid());
  }

  private static Duration heal(FaultStack s, FaultProxy proxy, String name, String commit) {
    proxy.heal();
    return awaitCompliantSince(s, name, commit);
  }

  private static Duration awaitCompliantSince(FaultStack s, String name, String commit) {
    long since = System.nanoTime();
    s.awaitCompliant(name, commit);
    return Duration.ofNanos(System.nanoTime() - since);
  }

  /** The source reports the failure in its Ready condition, and the service shows it. */
  private static void awaitSourceFailure(FaultStack s, String name, String why) {
    AtomicReference<String> message = new AtomicReference<>();
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              JsonNode ready = condition(gitRepository(s.client, name), "Ready");
              message.set(ready.toString());
              assertThat(ready.path("status").asText()).isEqualTo("False");
              assertThat(ready.path("message").asText().toLowerCase(Locale.ROOT)).contains(why);
            });
    System.out.println(name + ": " + message.get());
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(s.show(name).toString().toLowerCase(Locale.ROOT))
                    .as("what flux show says")
                    .contains(why));
  }

  /** The object applied before the fault is still there: same uid, same value. */
  private static void assertKept(FaultStack s, String ns, String name, String uid, String value) {
    ConfigMap cm = s.client.configMaps().inNamespace(ns).withName(name).get();
    assertThat(cm).as(ns + "/" + name).isNotNull();
    assertThat(cm.getMetadata().getUid()).isEqualTo(uid);
    assertThat(cm.getData()).containsEntry("value", value);
  }

  private static JsonNode condition(JsonNode object, String type) {
    for (JsonNode c : object.path("status").path("conditions")) {
      if (type.equals(c.path("type").asText())) {
        return c;
      }
    }
    return json("{}");
  }

  private static JsonNode gitRepository(KubernetesClient client, String name) {
    GenericKubernetesResource r =
        client
            .genericKubernetesResources("source.toolkit.fluxcd.io/v1", "GitRepository")
            .inNamespace(name)
            .withName(name)
            .get();
    return r == null
        ? json("{}")
        : io.fabric8.kubernetes.client.utils.Serialization.jsonMapper().valueToTree(r);
  }

  private static GenericKubernetesResource kustomization(
      KubernetesClient client, String ns, String name) {
    return client
        .genericKubernetesResources("kustomize.toolkit.fluxcd.io/v1", "Kustomization")
        .inNamespace(ns)
        .withName(name)
        .get();
  }

  @SuppressWarnings("unchecked")
  private static List<String> inventoryIds(GenericKubernetesResource ks) {
    Map<String, Object> status = (Map<String, Object>) ks.getAdditionalProperties().get("status");
    Map<String, Object> inventory = (Map<String, Object>) status.get("inventory");
    List<Map<String, Object>> entries = (List<Map<String, Object>>) inventory.get("entries");
    return entries.stream().map(e -> (String) e.get("id")).toList();
  }

  private static Map<String, String> uids(KubernetesClient client, String ns) {
    return client.configMaps().inNamespace(ns).list().getItems().stream()
        .filter(cm -> cm.getMetadata().getName().startsWith("cm-"))
        .collect(
            Collectors.toMap(cm -> cm.getMetadata().getName(), cm -> cm.getMetadata().getUid()));
  }

  private static Watch watchDeletions(KubernetesClient client, String ns, List<String> deleted) {
    return client
        .configMaps()
        .inNamespace(ns)
        .watch(
            new Watcher<>() {
              @Override
              public void eventReceived(Action action, ConfigMap cm) {
                if (action == Action.DELETED) {
                  deleted.add(cm.getMetadata().getName());
                }
              }

              @Override
              public void onClose(WatcherException cause) {}
            });
  }

  static String configMap(String name, String ns, String value) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: %s
          namespace: %s
        data:
          value: %s
        """
        .formatted(name, ns, value);
  }

  private static String configMaps(int count, String ns, String value) {
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < count; i++) {
      all.append(configMap(String.format("cm-%02d", i), ns, value)).append("---\n");
    }
    return all.toString();
  }

  private static String sha256(String url) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      byte[] body =
          http.send(
                  java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                  HttpResponse.BodyHandlers.ofByteArray())
              .body();
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    }
  }

  private static JsonNode json(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
