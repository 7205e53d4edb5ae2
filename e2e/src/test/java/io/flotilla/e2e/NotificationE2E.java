package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.notification.Receiver;
import io.flotilla.app.up.Flotilla;
import io.flotilla.testkit.TestObjects;
import io.flotilla.testkit.http.FakeEndpoint;
import io.flotilla.testkit.http.GitHubPush;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notifications on `flotilla up`, configured as a user would: the sample configuration created with
 * the CLI, a webhook Provider, a GitHub commit-status Provider, their Alerts and a GitHub Receiver
 * applied with the cluster's kubeconfig. A commit that breaks the apps Kustomization, announced by
 * a GitHub-signed push to the receiver port `up` printed, reaches the webhook as an error event and
 * GitHub as a failure; the fix turns the status to success.
 */
class NotificationE2E {
  private static final Duration CONVERGE = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NS = "cluster-config";
  @TempDir static Path dir;
  static TutorialCluster cluster;
  static Flotilla flotilla;
  static CliRun cli;
  static FakeEndpoint hook;
  static FakeEndpoint github;
  static final List<String> statuses = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void up() throws Exception {
    cluster = TutorialCluster.start(dir);
    flotilla = cluster.flotilla();
    cli = cluster.cli();
    hook = new FakeEndpoint();
    github = new FakeEndpoint();
    github.answering(
        r -> {
          if (r.method().equals("GET")) {
            return new FakeEndpoint.Answer(200, "[" + String.join(",", statuses.reversed()) + "]");
          }
          statuses.add(r.body());
          return new FakeEndpoint.Answer(201, r.body());
        });
  }

  @AfterAll
  static void down() {
    if (hook != null) hook.close();
    if (github != null) github.close();
    if (cluster != null) cluster.close();
  }

  static String commit(String message, String file, String content) throws Exception {
    try (Git git = Git.open(flotilla.sampleDir().toFile())) {
      Path p = flotilla.sampleDir().resolve(file);
      if (content == null) {
        Files.delete(p);
        git.rm().addFilepattern(file).call();
      } else {
        Files.writeString(p, content);
        git.add().addFilepattern(file).call();
      }
      return git.commit()
          .setMessage(message)
          .setAuthor("me", "me@example.org")
          .setCommitter("me", "me@example.org")
          .call()
          .getName();
    }
  }

  static int push(String commit) throws Exception {
    Receiver r =
        flotilla.client().resources(Receiver.class).inNamespace(NS).withName("github").get();
    return GitHubPush.send(flotilla.receiverUrl() + r.getStatus().webhookPath(), "s3cret", commit);
  }

  /** Waits for the commit status GitHub gets for {@code sha}. */
  static JsonNode statusOf(String sha) throws Exception {
    long until = System.nanoTime() + CONVERGE.toNanos();
    while (System.nanoTime() < until) {
      FakeEndpoint.Request r = github.next(CONVERGE);
      if (r.method().equals("POST") && r.path().endsWith("/statuses/" + sha)) {
        return JSON.readTree(r.body());
      }
    }
    throw new AssertionError("no status for " + sha);
  }

  @Test
  void aBrokenCommitReachesTheWebhookAndGitHubAndItsFixTurnsGreen() throws Exception {
    assertThat(flotilla.receiverUrl()).startsWith("http://127.0.0.1:");
    // the tutorial's configuration with an hour between fetches: only the receiver brings commits
    String[] create =
        TutorialCluster.create(flotilla.sampleUrl(), "./infrastructure", "./apps/staging");
    create[java.util.Arrays.asList(create).indexOf("2s")] = "1h";
    CliRun.Result created = cli.run(create);
    assertThat(created.code()).as(created.toString()).isZero();
    await()
        .atMost(CONVERGE)
        .until(
            () -> {
              CliRun.Result show = cli.run(TutorialCluster.flux("show", "-n", "cluster-config"));
              return show.code() == 0
                  && show.json().at("/complianceState").asText().equals("Compliant");
            });
    KubernetesClient client = flotilla.client();
    for (String yaml :
        List.of(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: tokens\n  namespace: "
                + NS
                + "\nstringData:\n  token: s3cret\n",
            "apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Provider\nmetadata:\n  name: webhook\n"
                + "  namespace: "
                + NS
                + "\nspec:\n  type: generic\n  address: "
                + hook.url()
                + "/flux\n",
            "apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Provider\nmetadata:\n  name: github\n"
                + "  namespace: "
                + NS
                + "\nspec:\n  type: github\n  address: "
                + github.url()
                + "/org/sample\n"
                + "  secretRef:\n    name: tokens\n",
            "apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Alert\nmetadata:\n  name: errors\n"
                + "  namespace: "
                + NS
                + "\nspec:\n  providerRef:\n    name: webhook\n  eventSeverity: error\n"
                + "  eventSources:\n  - kind: Kustomization\n    name: '*'\n",
            "apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Alert\nmetadata:\n  name: statuses\n"
                + "  namespace: "
                + NS
                + "\nspec:\n  providerRef:\n    name: github\n"
                + "  eventSources:\n  - kind: Kustomization\n    name: cluster-config-apps\n",
            "apiVersion: notification.toolkit.fluxcd.io/v1\nkind: Receiver\nmetadata:\n  name: github\n"
                + "  namespace: "
                + NS
                + "\nspec:\n  type: github\n  events: [push]\n"
                + "  secretRef:\n    name: tokens\n  resources:\n  - kind: GitRepository\n    name: cluster-config\n")) {
      TestObjects.create(client, yaml);
    }
    await()
        .atMost(CONVERGE)
        .until(
            () -> {
              Receiver r =
                  client.resources(Receiver.class).inNamespace(NS).withName("github").get();
              return r.getStatus() != null && r.getStatus().webhookPath() != null;
            });

    String broken =
        commit(
            "break the apps",
            "apps/staging/kustomization.yaml",
            "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- missing.yaml\n");
    assertThat(push(broken)).isEqualTo(200);
    long start = System.nanoTime();
    JsonNode event = JSON.readTree(hook.next(Duration.ofSeconds(30)).body());
    while (!event.at("/metadata/revision").asText().endsWith(broken)) {
      event = JSON.readTree(hook.next(Duration.ofSeconds(30)).body());
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    assertThat(event.at("/involvedObject/name").asText()).isEqualTo("cluster-config-apps");
    assertThat(event.at("/severity").asText()).isEqualTo("error");
    assertThat(event.at("/reason").asText()).isEqualTo("BuildFailed");
    assertThat(statusOf(broken).at("/state").asText()).isEqualTo("failure");

    try (Git git = Git.open(flotilla.sampleDir().toFile())) {
      git.revert().include(git.getRepository().resolve(broken)).call();
    }
    String fixed;
    try (Git git = Git.open(flotilla.sampleDir().toFile())) {
      fixed = git.getRepository().resolve("HEAD").getName();
    }
    assertThat(push(fixed)).isEqualTo(200);
    JsonNode green = statusOf(fixed);
    assertThat(green.at("/state").asText()).isEqualTo("success");
    assertThat(green.at("/context").asText()).startsWith("kustomization/cluster-config-apps/");
  }
}
