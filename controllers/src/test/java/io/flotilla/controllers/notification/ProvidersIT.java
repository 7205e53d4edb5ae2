package io.flotilla.controllers.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.controllers.Crds;
import io.flotilla.controllers.runtime.FluxEvent;
import io.flotilla.testkit.TestKube;
import io.flotilla.testkit.http.FakeEndpoint;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each provider type against a loopback server standing in for it: the exact request a Flux
 * notification-controller sends (method, path, headers, JSON body), from the event a controller
 * publishes through an Alert.
 */
class ProvidersIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  static TestKube kube;
  static KubernetesClient client;
  static Notifications notifications;

  @BeforeAll
  static void start() {
    kube = TestKube.start();
    client = kube.client();
    Crds.install(client);
    notifications =
        Notifications.start(
            client,
            NotificationOptions.defaults().withRetries(2, Duration.ofMillis(50)),
            false,
            Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    if (notifications != null) notifications.close();
    if (kube != null) kube.close();
  }

  /** A namespace with a Provider {@code p} (spec YAML) and an Alert on Kustomizations. */
  static String route(String providerSpec, String secretData) {
    String ns = KubeObjects.namespace(client, "n");
    if (secretData != null) {
      KubeObjects.create(
          client,
          "apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\n  namespace: "
              + ns
              + "\nstringData:\n"
              + secretData);
    }
    KubeObjects.create(
        client,
        "apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Provider\nmetadata:\n"
            + "  name: p\n  namespace: "
            + ns
            + "\nspec:\n"
            + providerSpec);
    KubeObjects.create(
        client,
        "apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Alert\nmetadata:\n"
            + "  name: a\n  namespace: "
            + ns
            + "\nspec:\n  providerRef:\n    name: p\n"
            + "  eventSources:\n  - kind: Kustomization\n    name: '*'\n");
    await().atMost(WAIT).until(() -> notifications.knows(ns, "a", "p"));
    return ns;
  }

  static FluxEvent event(
      String ns, String severity, String reason, String message, Map<String, String> meta) {
    return new FluxEvent(
        new FluxEvent.InvolvedObject(
            "Kustomization", ns, "webapp", "9f3c-uid", "kustomize.toolkit.fluxcd.io/v1", null),
        severity,
        "2026-01-02T03:04:05Z",
        message,
        reason,
        new TreeMap<>(meta),
        "kustomize-controller",
        "flotilla-0");
  }

  static FluxEvent failure(String ns) {
    return event(
        ns,
        "error",
        "BuildFailed",
        "kustomize build failed: missing file",
        Map.of("revision", "main@sha1:" + SHA));
  }

  static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }

  @Test
  void genericPostsTheEventJsonWithTheComponentAndTheSecretsHeaders() throws Exception {
    try (FakeEndpoint hook = new FakeEndpoint()) {
      String ns =
          route(
              "  type: generic\n  address: " + hook.url() + "/flux\n",
              "  headers: |\n    X-Team: payments\n");
      notifications.sink().publish(failure(ns));
      FakeEndpoint.Request r = hook.next(WAIT);
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.path()).isEqualTo("/flux");
      assertThat(r.header("Content-Type")).isEqualTo("application/json");
      assertThat(r.header("gotk-component")).isEqualTo("kustomize-controller");
      // the provider had no secretRef: the Secret's headers are not used
      assertThat(r.header("X-Team")).isNull();
      assertThat(r.body())
          .isEqualTo(
              "{\"involvedObject\":{\"kind\":\"Kustomization\",\"namespace\":\""
                  + ns
                  + "\","
                  + "\"name\":\"webapp\",\"uid\":\"9f3c-uid\",\"apiVersion\":\"kustomize.toolkit.fluxcd.io/v1\"},"
                  + "\"severity\":\"error\",\"timestamp\":\"2026-01-02T03:04:05Z\","
                  + "\"message\":\"kustomize build failed: missing file\",\"reason\":\"BuildFailed\","
                  + "\"metadata\":{\"revision\":\"main@sha1:"
                  + SHA
                  + "\"},"
                  + "\"reportingController\":\"kustomize-controller\",\"reportingInstance\":\"flotilla-0\"}");
    }
  }

  @Test
  void secretAddressAndHeadersWinAndTheSameEventIsSentOnceWithinFiveMinutes() throws Exception {
    try (FakeEndpoint hook = new FakeEndpoint()) {
      String ns =
          route(
              "  type: generic\n  address: http://127.0.0.1:1/nowhere\n  secretRef:\n    name: creds\n",
              "  address: " + hook.url() + "/from-secret\n  headers: |\n    X-Team: payments\n");
      notifications.sink().publish(failure(ns));
      notifications.sink().publish(failure(ns));
      FakeEndpoint.Request r = hook.next(WAIT);
      assertThat(r.path()).isEqualTo("/from-secret");
      assertThat(r.header("X-Team")).isEqualTo("payments");
      assertThat(hook.poll(Duration.ofSeconds(1))).as("the duplicate is rate limited").isNull();
      notifications.sink().publish(event(ns, "error", "BuildFailed", "another message", Map.of()));
      assertThat(hook.next(WAIT).body()).contains("another message");
    }
  }

  @Test
  void genericHmacSignsTheBodyWithTheToken() throws Exception {
    try (FakeEndpoint hook = new FakeEndpoint()) {
      String ns =
          route(
              "  type: generic-hmac\n  address: "
                  + hook.url()
                  + "\n  secretRef:\n    name: creds\n",
              "  token: s3cret\n");
      notifications.sink().publish(failure(ns));
      FakeEndpoint.Request r = hook.next(WAIT);
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(
              "s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String expected =
          java.util.HexFormat.of()
              .formatHex(mac.doFinal(r.body().getBytes(StandardCharsets.UTF_8)));
      assertThat(r.header("X-Signature")).isEqualTo("sha256=" + expected);
    }
  }

  @Test
  void slackPostsAnAttachmentAndSkipsCommitStatusUpdates() throws Exception {
    try (FakeEndpoint slack = new FakeEndpoint()) {
      String ns =
          route(
              "  type: slack\n  channel: general\n  address: " + slack.url() + "/services/T/B/X\n",
              null);
      notifications
          .sink()
          .publish(
              event(
                  ns,
                  "info",
                  "ReconciliationSucceeded",
                  "Reconciliation finished",
                  Map.of("revision", "main@sha1:" + SHA, "commit_status", "update")));
      notifications.sink().publish(failure(ns));
      FakeEndpoint.Request r = slack.next(WAIT);
      assertThat(r.path()).isEqualTo("/services/T/B/X");
      assertThat(json(r.body()))
          .isEqualTo(
              json(
                  """
              {"channel":"general","username":"kustomize-controller","icon_url":"","icon_emoji":"",
               "attachments":[{"color":"danger","author_name":"kustomization/webapp.%s",
                 "text":"kustomize build failed: missing file","mrkdwn_in":["text"],
                 "fields":[{"title":"revision","value":"main@sha1:%s","short":false}]}]}
              """
                      .formatted(ns, SHA)));
      assertThat(slack.poll(Duration.ofMillis(500))).isNull();
    }
  }

  @Test
  void msteamsSendsAnAdaptiveCardToAWorkflowsWebhook() throws Exception {
    try (FakeEndpoint teams = new FakeEndpoint()) {
      String ns =
          route(
              "  type: msteams\n  address: "
                  + teams.url()
                  + "/workflows/x/triggers/manual/paths/invoke\n",
              null);
      notifications.sink().publish(failure(ns));
      FakeEndpoint.Request r = teams.next(WAIT);
      assertThat(json(r.body()))
          .isEqualTo(
              json(
                  """
              {"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive",
                "content":{"$schema":"http://adaptivecards.io/schemas/adaptive-card.json","type":"AdaptiveCard",
                  "version":"1.4","body":[{"type":"Container","items":[
                    {"type":"TextBlock","text":"kustomization/webapp.%s","size":"large","weight":"bolder","wrap":true},
                    {"type":"TextBlock","text":"kustomize build failed: missing file","color":"attention","wrap":true},
                    {"type":"FactSet","facts":[{"title":"revision","value":"main@sha1:%s"}]}]}],
                  "msteams":{"width":"Full"}}}]}
              """
                      .formatted(ns, SHA)));
    }
  }

  @Test
  void azureEventHubWithASasConnectionStringSendsTheEventSigned() throws Exception {
    try (FakeEndpoint hub = new FakeEndpoint()) {
      hub.answering(r -> new FakeEndpoint.Answer(verifySas(r, hub, "hubkey==") ? 201 : 401, ""));
      String cs =
          "Endpoint=sb://127.0.0.1:"
              + hub.port()
              + "/;SharedAccessKeyName=send;"
              + "SharedAccessKey=hubkey==;EntityPath=flux-events";
      String ns =
          route(
              "  type: azureeventhub\n  secretRef:\n    name: creds\n",
              "  address: \"" + cs + "\"\n");
      notifications.sink().publish(failure(ns));
      FakeEndpoint.Request r = hub.next(WAIT);
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.path()).isEqualTo("/flux-events/messages?timeout=60&api-version=2014-01");
      assertThat(r.header("Content-Type")).isEqualTo(EventHubNotifier.CONTENT_TYPE);
      assertThat(verifySas(r, hub, "hubkey==")).isTrue();
      assertThat(json(r.body()).path("reason").asText()).isEqualTo("BuildFailed");
      assertThat(json(r.body()).path("metadata").path("revision").asText())
          .isEqualTo("main@sha1:" + SHA);
    }
  }

  @Test
  void azureEventHubWithAJwtSendsABearerToken() throws Exception {
    try (FakeEndpoint hub = new FakeEndpoint()) {
      String ns =
          route(
              "  type: azureeventhub\n  address: flux-events\n  channel: 127.0.0.1:"
                  + hub.port()
                  + "\n  secretRef:\n    name: creds\n",
              "  token: eyJhbGciOi.jwt.sig\n");
      notifications.sink().publish(failure(ns));
      FakeEndpoint.Request r = hub.next(WAIT);
      assertThat(r.path()).isEqualTo("/flux-events/messages?timeout=60&api-version=2014-01");
      assertThat(r.header("Authorization")).isEqualTo("Bearer eyJhbGciOi.jwt.sig");
    }
  }

  /** What Event Hubs checks: the signature of the resource URI and expiry with the key. */
  static boolean verifySas(FakeEndpoint.Request r, FakeEndpoint hub, String key) {
    String auth = r.header("Authorization");
    if (auth == null || !auth.startsWith("SharedAccessSignature ")) {
      return false;
    }
    Map<String, String> parts = new TreeMap<>();
    for (String kv : auth.substring("SharedAccessSignature ".length()).split("&")) {
      int eq = kv.indexOf('=');
      parts.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    String sr = parts.get("sr");
    String expected = EventHubNotifier.sign(key, sr + "\n" + parts.get("se"));
    return URLDecoder.decode(sr, StandardCharsets.UTF_8)
            .equals("http://127.0.0.1:" + hub.port() + "/flux-events")
        && URLDecoder.decode(parts.get("sig"), StandardCharsets.UTF_8).equals(expected)
        && "send".equals(parts.get("skn"))
        && Long.parseLong(parts.get("se")) > System.currentTimeMillis() / 1000;
  }

  @Test
  void githubWritesFailureThenSuccessAndSkipsAStatusItAlreadyHas() throws Exception {
    try (FakeEndpoint gh = new FakeEndpoint()) {
      java.util.List<String> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
      gh.answering(
          r -> {
            if (r.method().equals("GET")) {
              return new FakeEndpoint.Answer(
                  200, "[" + String.join(",", statuses.reversed()) + "]");
            }
            statuses.add(r.body());
            return new FakeEndpoint.Answer(201, r.body());
          });
      String ns =
          route(
              "  type: github\n  address: "
                  + gh.url()
                  + "/org/app\n  secretRef:\n    name: creds\n",
              "  token: ghp_secret\n");
      String uid =
          client
              .genericKubernetesResources("notification.toolkit.fluxcd.io/v1beta3", "Provider")
              .inNamespace(ns)
              .withName("p")
              .get()
              .getMetadata()
              .getUid()
              .split("-")[0];
      notifications.sink().publish(failure(ns));
      FakeEndpoint.Request list = gh.next(WAIT);
      assertThat(list.method()).isEqualTo("GET");
      assertThat(list.path())
          .isEqualTo("/api/v3/repos/org/app/commits/" + SHA + "/statuses?per_page=50");
      assertThat(list.header("Authorization")).isEqualTo("Bearer ghp_secret");
      FakeEndpoint.Request post = gh.next(WAIT);
      assertThat(post.path()).isEqualTo("/api/v3/repos/org/app/statuses/" + SHA);
      assertThat(json(post.body()))
          .isEqualTo(
              json(
                  "{\"state\":\"failure\",\"description\":\"build failed\",\"context\":\"kustomization/webapp/"
                      + uid
                      + "\"}"));
      // the same failure with another message: listed, found, not written again
      notifications
          .sink()
          .publish(
              event(
                  ns,
                  "error",
                  "BuildFailed",
                  "still failing",
                  Map.of("revision", "main@sha1:" + SHA)));
      assertThat(gh.next(WAIT).method()).isEqualTo("GET");
      assertThat(gh.poll(Duration.ofMillis(500))).isNull();
      notifications
          .sink()
          .publish(
              event(
                  ns,
                  "info",
                  "ReconciliationSucceeded",
                  "Reconciliation finished in 1s",
                  Map.of("revision", "main@sha1:" + SHA, "commit_status", "update")));
      gh.next(WAIT);
      assertThat(json(gh.next(WAIT).body()).path("state").asText()).isEqualTo("success");
      assertThat(statuses).hasSize(2);
    }
  }

  @Test
  void aFailingProviderIsRetriedThenReportedOnTheAlertWhileOthersStillDeliver() throws Exception {
    try (FakeEndpoint broken = new FakeEndpoint();
        FakeEndpoint fine = new FakeEndpoint()) {
      broken.answering(r -> new FakeEndpoint.Answer(503, "down for maintenance"));
      String bad = route("  type: generic\n  address: " + broken.url() + "\n", null);
      String good = route("  type: generic\n  address: " + fine.url() + "\n", null);
      notifications.sink().publish(failure(bad));
      notifications.sink().publish(failure(good));
      assertThat(fine.next(WAIT).body()).contains(good);
      broken.next(WAIT);
      broken.next(WAIT);
      broken.next(WAIT);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  client.v1().events().inNamespace(bad).list().getItems().stream()
                      .anyMatch(
                          e ->
                              "Alert".equals(e.getInvolvedObject().getKind())
                                  && e.getMessage()
                                      .contains(
                                          "giving up after 3 attempts: request failed with status code 503, down for maintenance")));
      assertThat(broken.poll(Duration.ofMillis(300))).as("2 retries, no more").isNull();
    }
  }

  @Test
  void aMissingSecretIsReportedOnTheAlertNamingIt() {
    String ns = route("  type: slack\n  secretRef:\n    name: absent\n", null);
    notifications.sink().publish(failure(ns));
    await()
        .atMost(WAIT)
        .until(
            () ->
                client.v1().events().inNamespace(ns).list().getItems().stream()
                    .anyMatch(
                        e -> e.getMessage().contains("secret '" + ns + "/absent' not found")));
  }

  static String uid(String ns) {
    return client
        .genericKubernetesResources("notification.toolkit.fluxcd.io/v1beta3", "Provider")
        .inNamespace(ns)
        .withName("p")
        .get()
        .getMetadata()
        .getUid()
        .split("-")[0];
  }

  /** type, address path, secret, listing answer, expected list path, create path, auth, body. */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "gitlab|/group/app|token: glpat|[]|/api/v4/projects/group%2Fapp/repository/commits/SHA/statuses"
            + "|/api/v4/projects/group%2Fapp/statuses/SHA|PRIVATE-TOKEN=glpat"
            + "|{\"state\":\"failed\",\"name\":\"ID\",\"description\":\"build failed\"}",
        "gitea|/org/app|token: gtok|[]|/api/v1/repos/org/app/commits/SHA/statuses"
            + "|/api/v1/repos/org/app/statuses/SHA|Authorization=token gtok"
            + "|{\"state\":\"failure\",\"target_url\":\"\",\"description\":\"build failed\",\"context\":\"ID\"}",
        "bitbucket|/team/app|token: bob:pw|{\"values\":[]}|/2.0/repositories/team/app/commit/SHA/statuses"
            + "|/2.0/repositories/team/app/commit/SHA/statuses/build|Authorization=Basic Ym9iOnB3"
            + "|{\"state\":\"FAILED\",\"key\":\"KEY\",\"name\":\"ID\",\"description\":\"build failed\",\"url\":\"https://bitbucket.org\"}",
        "bitbucketserver|/scm/proj/app.git|token: bbs|{\"values\":[]}"
            + "|/rest/api/latest/projects/proj/repos/app/commits/SHA/builds"
            + "|/rest/api/latest/projects/proj/repos/app/commits/SHA/builds|Authorization=Bearer bbs"
            + "|{\"state\":\"FAILED\",\"key\":\"KEY\",\"name\":\"ID\",\"description\":\"build failed\",\"url\":\"ADDRESS\"}",
        "azuredevops|/org/proj/_git/app|token: pat|{\"value\":[]}"
            + "|/org/proj/_apis/git/repositories/app/commits/SHA/statuses?api-version=6.0"
            + "|/org/proj/_apis/git/repositories/app/commits/SHA/statuses?api-version=6.0|Authorization=Basic OnBhdA=="
            + "|{\"state\":\"error\",\"description\":\"build failed\",\"context\":{\"name\":\"ID\",\"genre\":\"fluxcd\"}}"
      })
  void commitStatusProvidersWriteTheirServersStatus(
      String type,
      String path,
      String secret,
      String listing,
      String listPath,
      String createPath,
      String auth,
      String body)
      throws Exception {
    try (FakeEndpoint git = new FakeEndpoint()) {
      git.answering(
          r ->
              new FakeEndpoint.Answer(
                  r.method().equals("GET") ? 200 : 201, r.method().equals("GET") ? listing : "{}"));
      String address = git.url() + path;
      String ns =
          route(
              "  type: " + type + "\n  address: " + address + "\n  secretRef:\n    name: creds\n",
              "  " + secret + "\n");
      String id = "kustomization/webapp/" + uid(ns);
      notifications.sink().publish(failure(ns));
      FakeEndpoint.Request list = git.next(WAIT);
      assertThat(list.method()).isEqualTo("GET");
      assertThat(list.path()).isEqualTo(listPath.replace("SHA", SHA));
      FakeEndpoint.Request create = git.next(WAIT);
      assertThat(create.method()).isEqualTo("POST");
      assertThat(create.path()).isEqualTo(createPath.replace("SHA", SHA));
      String[] header = auth.split("=", 2);
      assertThat(create.header(header[0])).isEqualTo(header[1]);
      assertThat(json(create.body()))
          .isEqualTo(
              json(
                  body.replace("KEY", Forge.sha1(id))
                      .replace("ID", id)
                      .replace("ADDRESS", address)));
    }
  }

  @Test
  void alertmanagerGrafanaMatrixAndOpsgenieSendTheirPayloads() throws Exception {
    try (FakeEndpoint am = new FakeEndpoint();
        FakeEndpoint gf = new FakeEndpoint();
        FakeEndpoint mx = new FakeEndpoint();
        FakeEndpoint og = new FakeEndpoint()) {
      String a = route("  type: alertmanager\n  address: " + am.url() + "/api/v2/alerts\n", null);
      String g =
          route(
              "  type: grafana\n  address: "
                  + gf.url()
                  + "/api/annotations/graphite\n"
                  + "  secretRef:\n    name: creds\n",
              "  token: gtoken\n");
      String m =
          route(
              "  type: matrix\n  address: "
                  + mx.url()
                  + "\n  channel: '!room:example.org'\n"
                  + "  secretRef:\n    name: creds\n",
              "  token: mtoken\n");
      String o =
          route(
              "  type: opsgenie\n  address: "
                  + og.url()
                  + "/v2/alerts\n"
                  + "  secretRef:\n    name: creds\n",
              "  token: otoken\n");
      for (String ns : List.of(a, g, m, o)) {
        notifications.sink().publish(failure(ns));
      }
      FakeEndpoint.Request r = am.next(WAIT);
      assertThat(r.path()).isEqualTo("/api/v2/alerts");
      assertThat(json(r.body()))
          .isEqualTo(
              json(
                  ("""
          [{"status":"firing","labels":{"alertname":"FluxKustomizationBuildFailed","kind":"Kustomization",
            "name":"webapp","namespace":"%s","reason":"BuildFailed","reportingcontroller":"kustomize-controller",
            "revision":"main@sha1:%s","severity":"error","timestamp":"2026-01-02 03:04:05 +0000 UTC"},
            "annotations":{"message":"kustomize build failed: missing file"}}]""")
                      .formatted(a, SHA)));
      r = gf.next(WAIT);
      assertThat(r.header("Authorization")).isEqualTo("Bearer gtoken");
      assertThat(json(r.body()))
          .isEqualTo(
              json(
                  ("""
          {"when":1767323045,"text":"kustomization/webapp.%s",
           "tags":["flux","kustomize-controller","revision: main@sha1:%s"]}""")
                      .formatted(g, SHA)));
      r = mx.next(WAIT);
      assertThat(r.method()).isEqualTo("PUT");
      assertThat(r.path())
          .startsWith("/_matrix/client/r0/rooms/!room:example.org/send/m.room.message/");
      assertThat(r.header("Authorization")).isEqualTo("Bearer mtoken");
      assertThat(json(r.body()))
          .isEqualTo(
              json(
                  ("""
          {"body":"🚨 kustomization/webapp.%s\\nkustomize build failed: missing file\\n- revision: main@sha1:%s\\n",
           "msgtype":"m.text"}""")
                      .formatted(m, SHA)));
      r = og.next(WAIT);
      assertThat(r.header("Authorization")).isEqualTo("GenieKey otoken");
      assertThat(json(r.body()))
          .isEqualTo(
              json(
                  ("""
          {"message":"Kustomization/webapp","description":"kustomize build failed: missing file",
           "details":{"revision":"main@sha1:%s"}}""")
                      .formatted(SHA)));
    }
  }

  @Test
  void anUnsupportedTypeIsReportedOnTheAlert() {
    String ns = route("  type: lark\n  address: http://127.0.0.1:1/x\n", null);
    notifications.sink().publish(failure(ns));
    await()
        .atMost(WAIT)
        .until(
            () ->
                client.v1().events().inNamespace(ns).list().getItems().stream()
                    .anyMatch(
                        e ->
                            e.getMessage()
                                .contains(
                                    "provider type 'lark' is not supported by Flotilla yet")));
  }
}
