package io.flotilla.controllers.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.api.flux.notification.Receiver;
import io.flotilla.controllers.GitSources;
import io.flotilla.controllers.RunningControllers;
import io.flotilla.testkit.GitFixture;
import io.flotilla.testkit.http.FakeEndpoint;
import io.flotilla.testkit.http.GitHubPush;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop on the engine: a GitHub-signed push reaches the Receiver, the source fetches the
 * commit, the Kustomization fails on it, and the error event reaches a generic webhook and an Event
 * Hub within seconds while GitHub's commit status turns {@code failure}; the fix turns it {@code
 * success}.
 */
class NotificationFlowIT {
  private static final Duration SECONDS = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NS = "apps";

  @RegisterExtension
  static final RunningControllers cluster = RunningControllers.withNotificationReceiver();

  @TempDir static Path tmp;
  @AutoClose static GitFixture repo;
  static String first;
  @AutoClose static FakeEndpoint hook;
  @AutoClose static FakeEndpoint hub;
  @AutoClose static FakeEndpoint github;
  static final List<JsonNode> statuses = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    hook = new FakeEndpoint();
    hub = new FakeEndpoint();
    hub.answering(
        r -> new FakeEndpoint.Answer(ProvidersIT.verifySas(r, hub, "hubkey==") ? 201 : 401, ""));
    github = new FakeEndpoint();
    github.answering(
        r -> {
          if (r.method().equals("GET")) {
            return new FakeEndpoint.Answer(200, statuses.reversed().toString());
          }
          try {
            statuses.add(JSON.readTree(r.body()));
          } catch (Exception e) {
            return new FakeEndpoint.Answer(400, "");
          }
          return new FakeEndpoint.Answer(201, r.body());
        });
    repo = GitFixture.init(tmp.resolve("repo"));
    repo.write(Map.of("app/cm.yaml", configMap("v1")));
    first = repo.commit("first");
    cluster.namespace(NS);
    cluster.client().resource(GitSources.onMain(NS, "app", repo.fileUrl(), "1h")).create();
    String cs =
        "Endpoint=sb://127.0.0.1:"
            + hub.port()
            + "/;SharedAccessKeyName=send;"
            + "SharedAccessKey=hubkey==;EntityPath=flux-events";
    for (String yaml :
        List.of(
            secret("hook-token", "  token: s3cret\n"),
            secret("hub", "  address: \"" + cs + "\"\n"),
            secret("github", "  token: ghp_secret\n"),
            provider("webhook", "  type: generic\n  address: " + hook.url() + "/flux\n"),
            provider("eventhub", "  type: azureeventhub\n  secretRef:\n    name: hub\n"),
            provider(
                "github",
                "  type: github\n  address: "
                    + github.url()
                    + "/org/app\n"
                    + "  secretRef:\n    name: github\n"),
            alert("errors-to-webhook", "webhook", "error"),
            alert("errors-to-eventhub", "eventhub", "error"),
            alert("status-to-github", "github", "info"),
            "apiVersion: notification.toolkit.fluxcd.io/v1\nkind: Receiver\nmetadata:\n  name: github-push\n"
                + "  namespace: "
                + NS
                + "\nspec:\n  type: github\n  events: [push]\n"
                + "  secretRef:\n    name: hook-token\n  resources:\n  - kind: GitRepository\n    name: app\n",
            "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: app\n"
                + "  namespace: "
                + NS
                + "\nspec:\n  interval: 1h\n  retryInterval: 1h\n  path: ./app\n"
                + "  prune: true\n  targetNamespace: "
                + NS
                + "\n"
                + "  sourceRef:\n    kind: GitRepository\n    name: app\n")) {
      cluster.create(yaml);
    }
  }

  static String configMap(String value) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  v: "
        + value
        + "\n";
  }

  static String secret(String name, String data) {
    return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: "
        + name
        + "\n  namespace: "
        + NS
        + "\nstringData:\n"
        + data;
  }

  static String provider(String name, String spec) {
    return "apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Provider\nmetadata:\n  name: "
        + name
        + "\n  namespace: "
        + NS
        + "\nspec:\n"
        + spec;
  }

  static String alert(String name, String provider, String severity) {
    return "apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Alert\nmetadata:\n  name: "
        + name
        + "\n  namespace: "
        + NS
        + "\nspec:\n  providerRef:\n    name: "
        + provider
        + "\n  eventSeverity: "
        + severity
        + "\n  eventSources:\n  - kind: Kustomization\n    name: '*'\n";
  }

  /** What GitHub sends on a push, signed with the Receiver's token. */
  static int push(String commit) throws Exception {
    Receiver r =
        cluster.client().resources(Receiver.class).inNamespace(NS).withName("github-push").get();
    return GitHubPush.send(
        cluster.controllers().receiverBaseUrl() + r.getStatus().webhookPath(), "s3cret", commit);
  }

  /** The next commit status GitHub receives for {@code sha}, skipping the listings. */
  static JsonNode nextStatus(String sha) throws Exception {
    while (true) {
      FakeEndpoint.Request r = github.next(Duration.ofSeconds(30));
      if (r.method().equals("POST")) {
        assertThat(r.path()).isEqualTo("/api/v3/repos/org/app/statuses/" + sha);
        return JSON.readTree(r.body());
      }
    }
  }

  @Test
  void aBrokenCommitIsReportedEverywhereAndItsFixTurnsTheStatusGreen() throws Exception {
    assertThat(nextStatus(first).path("state").asText()).isEqualTo("success");

    repo.write(Map.of("app/kustomization.yaml", "resources:\n- missing.yaml\n"));
    String broken = repo.commit("break the app");
    await(
        () ->
            cluster
                    .client()
                    .resources(Receiver.class)
                    .inNamespace(NS)
                    .withName("github-push")
                    .get()
                    .getStatus()
                != null);
    long start = System.nanoTime();
    assertThat(push(broken)).isEqualTo(200);

    JsonNode atHook = JSON.readTree(hook.next(SECONDS).body());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SECONDS);
    assertThat(atHook.path("involvedObject").path("kind").asText()).isEqualTo("Kustomization");
    assertThat(atHook.path("involvedObject").path("name").asText()).isEqualTo("app");
    assertThat(atHook.path("severity").asText()).isEqualTo("error");
    assertThat(atHook.path("reason").asText()).isEqualTo("BuildFailed");
    assertThat(atHook.path("metadata").path("revision").asText()).isEqualTo("main@sha1:" + broken);
    assertThat(atHook.path("reportingController").asText()).isEqualTo("kustomize-controller");

    FakeEndpoint.Request atHub = hub.next(SECONDS);
    assertThat(ProvidersIT.verifySas(atHub, hub, "hubkey==")).isTrue();
    assertThat(JSON.readTree(atHub.body())).isEqualTo(atHook);

    JsonNode failure = nextStatus(broken);
    assertThat(failure.path("state").asText()).isEqualTo("failure");
    assertThat(failure.path("description").asText()).isEqualTo("build failed");
    assertThat(failure.path("context").asText()).startsWith("kustomization/app/");

    repo.delete("app/kustomization.yaml");
    String fixed = repo.commit("fix the app");
    assertThat(push(fixed)).isEqualTo(200);
    JsonNode success = nextStatus(fixed);
    assertThat(success.path("state").asText()).isEqualTo("success");
    assertThat(success.path("description").asText()).isEqualTo("reconciliation succeeded");
    assertThat(hook.poll(Duration.ofSeconds(1))).as("only errors go to the webhook").isNull();
  }

  private static void await(java.util.concurrent.Callable<Boolean> c) {
    org.awaitility.Awaitility.await().atMost(SECONDS).until(c);
  }
}
