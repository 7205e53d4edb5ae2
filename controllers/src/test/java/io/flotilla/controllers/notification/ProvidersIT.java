package io.flotilla.controllers.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.controllers.Crds;
import io.flotilla.controllers.runtime.FluxEvent;
import io.flotilla.testkit.ClusterHarness;
import io.flotilla.testkit.http.FakeEndpoint;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each provider type against a loopback server standing in for it: the exact request a Flux
 * notification-controller sends (method, path, headers, JSON body), from the event a controller
 * publishes through an Alert.
 */
class ProvidersIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  @RegisterExtension
  static final ClusterHarness<Notifications> cluster =
      ClusterHarness.running(
          (client, dataDir) -> {
            Crds.install(client);
            return Notifications.start(
                client,
                NotificationOptions.defaults().withRetries(2, Duration.ofMillis(50)),
                false,
                Clock.systemUTC());
          });

  static KubernetesClient client;

  @BeforeAll
  static void start() {
    client = cluster.client();
  }

  /** A namespace with a Provider {@code p} (spec YAML) and an Alert on Kustomizations. */
  static String route(String providerSpec, String secretData) {
    String ns = cluster.newNamespace("n");
    if (secretData != null) {
      cluster.create(
          "apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\n  namespace: "
              + ns
              + "\nstringData:\n"
              + secretData);
    }
    cluster.create(
        "apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Provider\nmetadata:\n"
            + "  name: p\n  namespace: "
            + ns
            + "\nspec:\n"
            + providerSpec);
    cluster.create(
        "apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Alert\nmetadata:\n"
            + "  name: a\n  namespace: "
            + ns
            + "\nspec:\n  providerRef:\n    name: p\n"
            + "  eventSources:\n  - kind: Kustomization\n    name: '*'\n");
    await().atMost(WAIT).until(() -> cluster.running().knows(ns, "a", "p"));
    return ns;
  }

  /**
   * {@link #route} to a Provider of {@code type} at {@code address}; {@code more} is more of its
   * spec (may be empty); with {@code secretData} (YAML lines), its secretRef names Secret creds.
   */
  static String routeTo(String type, String address, String more, String secretData) {
    return route(
        "  type: "
            + type
            + "\n  address: "
            + address
            + "\n"
            + more
            + (secretData == null ? "" : "  secretRef:\n    name: creds\n"),
        secretData);
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
    return event(ns, "error", "BuildFailed", "kustomize build failed: missing file", revision());
  }

  static FluxEvent commitStatusUpdate(String ns) {
    return event(
        ns,
        "info",
        "ReconciliationSucceeded",
        "Reconciliation finished",
        Map.of("revision", "main@sha1:" + SHA, "commit_status", "update"));
  }

  static Map<String, String> revision() {
    return Map.of("revision", "main@sha1:" + SHA);
  }

  static void publish(FluxEvent event) {
    cluster.running().sink().publish(event);
  }

  /**
   * Publishes {@link #failure} into {@code ns}; returns the first request {@code endpoint} gets.
   */
  static FakeEndpoint.Request deliverFailure(String ns, FakeEndpoint endpoint)
      throws InterruptedException {
    publish(failure(ns));
    return endpoint.next(WAIT);
  }

  static void assertSameJson(String body, String expected) throws Exception {
    assertThat(json(body)).isEqualTo(json(expected));
  }

  /** Waits for an event in {@code ns} (where the controller reports on the Alert) that matches. */
  static void awaitEvent(String ns, Predicate<Event> match) {
    await()
        .atMost(WAIT)
        .until(
            () -> client.v1().events().inNamespace(ns).list().getItems().stream().anyMatch(match));
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
      publish(commitStatusUpdate(ns));
      FakeEndpoint.Request r = deliverFailure(ns, hook);
      // the commit status update is for Git servers only: the first request is the failure
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
      publish(failure(ns));
      FakeEndpoint.Request r = deliverFailure(ns, hook);
      assertThat(r.path()).isEqualTo("/from-secret");
      assertThat(r.header("X-Team")).isEqualTo("payments");
      assertThat(hook.poll(Duration.ofSeconds(1))).as("the duplicate is rate limited").isNull();
      publish(event(ns, "error", "BuildFailed", "another message", Map.of()));
      assertThat(hook.next(WAIT).body()).contains("another message");
    }
  }

  @Test
  void genericHmacSignsTheBodyWithTheToken() throws Exception {
    try (FakeEndpoint hook = new FakeEndpoint()) {
      String ns = routeTo("generic-hmac", hook.url(), "", "  token: s3cret\n");
      FakeEndpoint.Request r = deliverFailure(ns, hook);
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
      String ns = routeTo("slack", slack.url() + "/services/T/B/X", "  channel: general\n", null);
      publish(commitStatusUpdate(ns));
      FakeEndpoint.Request r = deliverFailure(ns, slack);
      assertThat(r.path()).isEqualTo("/services/T/B/X");
      assertSameJson(
          r.body(),
          """
              {"channel":"general","username":"kustomize-controller","icon_url":"","icon_emoji":"",
               "attachments":[{"color":"danger","author_name":"kustomization/webapp.%s",
                 "text":"kustomize build failed: missing file","mrkdwn_in":["text"],
                 "fields":[{"title":"revision","value":"main@sha1:%s","short":false}]}]}
              """
              .formatted(ns, SHA));
      assertThat(slack.poll(Duration.ofMillis(500))).isNull();
    }
  }

  @Test
  void msteamsSendsAnAdaptiveCardToAWorkflowsWebhook() throws Exception {
    try (FakeEndpoint teams = new FakeEndpoint()) {
      String ns =
          routeTo("msteams", teams.url() + "/workflows/x/triggers/manual/paths/invoke", "", null);
      FakeEndpoint.Request r = deliverFailure(ns, teams);
      assertSameJson(
          r.body(),
          """
              {"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive",
                "content":{"$schema":"http://adaptivecards.io/schemas/adaptive-card.json","type":"AdaptiveCard",
                  "version":"1.4","body":[{"type":"Container","items":[
                    {"type":"TextBlock","text":"kustomization/webapp.%s","size":"large","weight":"bolder","wrap":true},
                    {"type":"TextBlock","text":"kustomize build failed: missing file","color":"attention","wrap":true},
                    {"type":"FactSet","facts":[{"title":"revision","value":"main@sha1:%s"}]}]}],
                  "msteams":{"width":"Full"}}}]}
              """
              .formatted(ns, SHA));
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
      FakeEndpoint.Request r = deliverFailure(ns, hub);
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
          routeTo(
              "azureeventhub",
              "flux-events",
              "  channel: 127.0.0.1:" + hub.port() + "\n",
              "  token: eyJhbGciOi.jwt.sig\n");
      FakeEndpoint.Request r = deliverFailure(ns, hub);
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
      String ns = routeTo("github", gh.url() + "/org/app", "", "  token: ghp_secret\n");
      String uid = uid(ns);
      FakeEndpoint.Request list = deliverFailure(ns, gh);
      assertThat(list.method()).isEqualTo("GET");
      assertThat(list.path())
          .isEqualTo("/api/v3/repos/org/app/commits/" + SHA + "/statuses?per_page=50");
      assertThat(list.header("Authorization")).isEqualTo("Bearer ghp_secret");
      FakeEndpoint.Request post = gh.next(WAIT);
      assertThat(post.path()).isEqualTo("/api/v3/repos/org/app/statuses/" + SHA);
      assertSameJson(
          post.body(),
          "{\"state\":\"failure\",\"description\":\"build failed\",\"context\":\"kustomization/webapp/"
              + uid
              + "\"}");
      // the same failure with another message: listed, found, not written again
      publish(event(ns, "error", "BuildFailed", "still failing", revision()));
      assertThat(gh.next(WAIT).method()).isEqualTo("GET");
      assertThat(gh.poll(Duration.ofMillis(500))).isNull();
      publish(
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
      String bad = routeTo("generic", broken.url(), "", null);
      String good = routeTo("generic", fine.url(), "", null);
      publish(failure(bad));
      publish(failure(good));
      assertThat(fine.next(WAIT).body()).contains(good);
      broken.next(WAIT);
      broken.next(WAIT);
      broken.next(WAIT);
      awaitEvent(
          bad,
          e ->
              "Alert".equals(e.getInvolvedObject().getKind())
                  && e.getMessage()
                      .contains(
                          "giving up after 3 attempts: request failed with status code 503, down for maintenance"));
      assertThat(broken.poll(Duration.ofMillis(300))).as("2 retries, no more").isNull();
    }
  }

  @Test
  void aMissingSecretIsReportedOnTheAlertNamingIt() {
    String ns = route("  type: slack\n  secretRef:\n    name: absent\n", null);
    publish(failure(ns));
    awaitEvent(ns, e -> e.getMessage().contains("secret '" + ns + "/absent' not found"));
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

  /**
   * type, address path, secret, listing answer, expected list path, create path, auth header,
   * another header, body: each server's requests as Flux's SDK for it sends them.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "gitlab|/group/app|token: glpat|[]|/api/v4/projects/group%2Fapp/repository/commits/SHA/statuses?name=IDENC"
            + "|/api/v4/projects/group%2Fapp/statuses/SHA|PRIVATE-TOKEN=glpat|Content-Type=application/json"
            + "|{\"state\":\"failed\",\"name\":\"ID\",\"description\":\"build failed\"}",
        "gitea|/org/app|token: gtok|[]|/api/v1/repos/org/app/commits/SHA/statuses?limit=50&page=1"
            + "|/api/v1/repos/org/app/statuses/SHA|Authorization=token gtok|Content-Type=application/json"
            + "|{\"state\":\"failure\",\"target_url\":\"\",\"description\":\"build failed\",\"context\":\"ID\"}",
        "bitbucket|/team/app|token: bob:pw|{}|/2.0/repositories/team/app/commit/SHA/statuses/build/KEY"
            + "|/2.0/repositories/team/app/commit/SHA/statuses/build|Authorization=Basic Ym9iOnB3|Content-Type=application/json"
            + "|{\"state\":\"FAILED\",\"key\":\"KEY\",\"name\":\"kustomization/webapp\",\"description\":\"build failed\",\"url\":\"https://bitbucket.org\"}",
        "bitbucketserver|/context/scm/proj/app.git|token: bbs|{}"
            + "|/context/rest/api/latest/projects/proj/repos/app/commits/SHA/builds?key=KEY"
            + "|/context/rest/api/latest/projects/proj/repos/app/commits/SHA/builds|Authorization=Bearer bbs"
            + "|X-Atlassian-Token=no-check"
            + "|{\"description\":\"build failed\",\"key\":\"KEY\",\"name\":\"kustomization/webapp [build failed]\",\"state\":\"FAILED\",\"url\":\"ADDRESS\"}",
        "azuredevops|/org/proj/_git/app|token: pat|{\"count\":0,\"value\":[]}"
            + "|/org/proj/_apis/git/repositories/app/commits/SHA/statuses"
            + "|/org/proj/_apis/git/repositories/app/commits/SHA/statuses|Authorization=Basic OnBhdA=="
            + "|Accept=application/json;api-version=6.0-preview.1"
            + "|{\"context\":{\"genre\":\"fluxcd\",\"name\":\"ID\"},\"description\":\"build failed\",\"state\":\"error\"}"
      })
  void commitStatusProvidersWriteTheirServersStatus(
      String type,
      String path,
      String secret,
      String listing,
      String listPath,
      String createPath,
      String auth,
      String other,
      String body)
      throws Exception {
    try (FakeEndpoint git = new FakeEndpoint()) {
      git.answering(
          r ->
              new FakeEndpoint.Answer(
                  r.method().equals("GET") ? 200 : 201, r.method().equals("GET") ? listing : "{}"));
      String address = git.url() + path;
      String ns = routeTo(type, address, "", "  " + secret + "\n");
      String id = "kustomization/webapp/" + uid(ns);
      java.util.function.UnaryOperator<String> fill =
          s ->
              s.replace("SHA", SHA)
                  .replace("KEY", Forge.sha1(id))
                  .replace("IDENC", java.net.URLEncoder.encode(id, StandardCharsets.UTF_8))
                  .replace("ID", id)
                  .replace("ADDRESS", address);
      FakeEndpoint.Request list = deliverFailure(ns, git);
      assertThat(list.method()).isEqualTo("GET");
      assertThat(list.path()).isEqualTo(fill.apply(listPath));
      FakeEndpoint.Request create = git.next(WAIT);
      assertThat(create.method()).isEqualTo("POST");
      assertThat(create.path()).isEqualTo(fill.apply(createPath));
      for (String h : List.of(auth, other)) {
        String[] header = h.split("=", 2);
        assertThat(create.header(header[0])).as(h).isEqualTo(header[1]);
        if (!header[0].equals("Content-Type")) {
          assertThat(list.header(header[0])).as(h).isEqualTo(header[1]);
        }
      }
      assertSameJson(create.body(), fill.apply(body));
      // Progressing: none of them but Gitea (pending) reports it
      publish(event(ns, "info", "Progressing", "Reconciliation in progress", revision()));
      if (type.equals("gitea")) {
        git.next(WAIT);
        assertThat(json(git.next(WAIT).body()).path("state").asText()).isEqualTo("pending");
      } else {
        assertThat(git.poll(Duration.ofMillis(500))).isNull();
      }
    }
  }

  @Test
  void bitbucketServerTakesAStatusItAlreadyHasAsWrittenAndA404AsNone() throws Exception {
    try (FakeEndpoint bbs = new FakeEndpoint()) {
      java.util.concurrent.atomic.AtomicReference<String> stored =
          new java.util.concurrent.atomic.AtomicReference<>();
      bbs.answering(
          r -> {
            if (r.method().equals("GET")) {
              return stored.get() == null
                  ? new FakeEndpoint.Answer(404, "{\"errors\":[]}")
                  : new FakeEndpoint.Answer(200, stored.get());
            }
            stored.set(r.body());
            return new FakeEndpoint.Answer(204, "");
          });
      String ns =
          routeTo(
              "bitbucketserver",
              bbs.url() + "/scm/proj/app.git",
              "",
              "  username: bob\n  password: pw\n");
      publish(failure(ns));
      assertThat(bbs.next(WAIT).method()).isEqualTo("GET");
      FakeEndpoint.Request create = bbs.next(WAIT);
      assertThat(create.header("Authorization")).isEqualTo("Basic Ym9iOnB3");
      assertThat(create.header("X-Requested-With")).isEqualTo("XMLHttpRequest");
      publish(event(ns, "error", "BuildFailed", "again", revision()));
      assertThat(bbs.next(WAIT).method()).isEqualTo("GET");
      assertThat(bbs.poll(Duration.ofMillis(500))).as("the same status is not written").isNull();
    }
  }

  @Test
  void commitStatusExprNamesTheStatusFromTheEventProviderAndAlert() throws Exception {
    try (FakeEndpoint gh = new FakeEndpoint()) {
      gh.answering(r -> new FakeEndpoint.Answer(r.method().equals("GET") ? 200 : 201, "[]"));
      String ns =
          routeTo(
              "github",
              gh.url() + "/org/app",
              "  commitStatusExpr: \"(event.involvedObject.kind + '/' +"
                  + " event.involvedObject.name).lowerAscii() + '/' + provider.metadata.name +"
                  + " '/' + alert.metadata.name\"\n",
              "  token: ghp_secret\n");
      publish(failure(ns));
      gh.next(WAIT);
      assertThat(json(gh.next(WAIT).body()).path("context").asText())
          .isEqualTo("kustomization/webapp/p/a");
    }
  }

  /**
   * A Provider that posts one payload per event: its type, the path of its address, more of its
   * spec, its Secret; then the request its server gets: method, path (ending in {@code *}: a
   * prefix, for Matrix's transaction id), a header, and the body for the namespace the event came
   * from.
   */
  record Payload(
      String type,
      String addressPath,
      String more,
      String secret,
      String method,
      String path,
      String header,
      Function<String, String> body) {
    @Override
    public String toString() {
      return type;
    }
  }

  static Stream<Payload> payloads() {
    return Stream.of(
        new Payload(
            "googlechat",
            "/v1/spaces/S/messages",
            "",
            null,
            "POST",
            "/v1/spaces/S/messages",
            null,
            ns ->
                ("""
                {"cards":[{"header":{"title":"kustomization/webapp.%s","subtitle":"kustomize-controller",
                   "imageUrl":null,"imageStyle":null},
                 "sections":[
                   {"header":"","widgets":[{"textParagraph":{"text":"<font color=\\"#ff0000\\">kustomize build failed: missing file</font>"},"keyValue":null}]},
                   {"header":"","widgets":[{"textParagraph":null,"keyValue":{"topLabel":"revision","content":"main@sha1:%s",
                     "contentMultiline":false,"bottomLabel":null,"icon":null}}]}]}]}""")
                    .formatted(ns, SHA)),
        new Payload(
            "webex",
            "/v1/messages",
            "  channel: room-1\n",
            "  token: wxtoken\n",
            "POST",
            "/v1/messages",
            "Authorization=Bearer wxtoken",
            ns ->
                ("""
                {"roomId":"room-1","markdown":"💣 **kustomization/webapp.%s**\\nkustomize build failed: missing file\\n>**revision**: main@sha1:%s\\n"}""")
                    .formatted(ns, SHA)),
        new Payload(
            "telegram",
            "",
            "  channel: '-100123:7'\n",
            "  token: '123:tgtoken'\n",
            "POST",
            "/bot123:tgtoken/sendMessage",
            null,
            ns ->
                ("""
                {"chat_id":"-100123","message_thread_id":"7",
                 "text":"*🚨 kustomization/webapp/%s*\\nkustomize build failed: missing file\\n\\\\- *revision*: main@sha1:%s\\n",
                 "parse_mode":"MarkdownV2"}""")
                    .formatted(ns.replace("-", "\\\\-"), SHA)),
        new Payload(
            "pagerduty",
            "/ignored/path",
            "  channel: routing-key-1\n",
            null,
            "POST",
            "/v2/enqueue",
            null,
            ns ->
                ("""
                {"routing_key":"routing-key-1","event_action":"trigger","dedup_key":"9f3c-uid",
                 "payload":{"summary":"build failed: kustomization/webapp","source":"Flux kustomize-controller",
                   "severity":"error","timestamp":"2026-01-02T03:04:05Z","component":"webapp","group":"Kustomization",
                   "custom_details":{"message":"kustomize build failed: missing file",
                     "metadata":{"revision":"main@sha1:%s"}}}}""")
                    .formatted(SHA)),
        new Payload(
            "alertmanager",
            "/api/v2/alerts",
            "",
            null,
            "POST",
            "/api/v2/alerts",
            null,
            ns ->
                ("""
                [{"status":"firing","labels":{"alertname":"FluxKustomizationBuildFailed","kind":"Kustomization",
                  "name":"webapp","namespace":"%s","reason":"BuildFailed","reportingcontroller":"kustomize-controller",
                  "revision":"main@sha1:%s","severity":"error","timestamp":"2026-01-02 03:04:05 +0000 UTC"},
                  "annotations":{"message":"kustomize build failed: missing file"}}]""")
                    .formatted(ns, SHA)),
        new Payload(
            "grafana",
            "/api/annotations/graphite",
            "",
            "  token: gtoken\n",
            "POST",
            "/api/annotations/graphite",
            "Authorization=Bearer gtoken",
            ns ->
                ("""
                {"when":1767323045,"text":"kustomization/webapp.%s",
                 "tags":["flux","kustomize-controller","revision: main@sha1:%s"]}""")
                    .formatted(ns, SHA)),
        new Payload(
            "matrix",
            "",
            "  channel: '!room:example.org'\n",
            "  token: mtoken\n",
            "PUT",
            "/_matrix/client/r0/rooms/!room:example.org/send/m.room.message/*",
            "Authorization=Bearer mtoken",
            ns ->
                ("""
                {"body":"🚨 kustomization/webapp.%s\\nkustomize build failed: missing file\\n- revision: main@sha1:%s\\n",
                 "msgtype":"m.text"}""")
                    .formatted(ns, SHA)),
        new Payload(
            "opsgenie",
            "/v2/alerts",
            "",
            "  token: otoken\n",
            "POST",
            "/v2/alerts",
            "Authorization=GenieKey otoken",
            ns ->
                ("""
                {"message":"Kustomization/webapp","description":"kustomize build failed: missing file",
                 "details":{"revision":"main@sha1:%s"}}""")
                    .formatted(SHA)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("payloads")
  void providersSendTheirPayloads(Payload p) throws Exception {
    try (FakeEndpoint server = new FakeEndpoint()) {
      String ns = routeTo(p.type(), server.url() + p.addressPath(), p.more(), p.secret());
      FakeEndpoint.Request r = deliverFailure(ns, server);
      assertThat(r.method()).isEqualTo(p.method());
      if (p.path().endsWith("*")) {
        assertThat(r.path()).startsWith(p.path().substring(0, p.path().length() - 1));
      } else {
        assertThat(r.path()).isEqualTo(p.path());
      }
      if (p.header() != null) {
        String[] header = p.header().split("=", 2);
        assertThat(r.header(header[0])).isEqualTo(header[1]);
      }
      assertSameJson(r.body(), p.body().apply(ns));
    }
  }

  @Test
  void pagerDutyResolvesTheIncidentAndRecordsTheChangeOnInfo() throws Exception {
    try (FakeEndpoint pd = new FakeEndpoint()) {
      String d =
          routeTo("pagerduty", pd.url() + "/ignored/path", "  channel: routing-key-1\n", null);
      assertThat(deliverFailure(d, pd).path()).isEqualTo("/v2/enqueue");
      // info: the incident is resolved, and the change is recorded
      publish(event(d, "info", "ReconciliationSucceeded", "Applied revision", Map.of()));
      assertSameJson(
          pd.next(WAIT).body(),
          """
          {"routing_key":"routing-key-1","event_action":"resolve","dedup_key":"9f3c-uid"}""");
      FakeEndpoint.Request r = pd.next(WAIT);
      assertThat(r.path()).isEqualTo("/v2/change/enqueue");
      assertSameJson(
          r.body(),
          """
          {"routing_key":"routing-key-1","payload":{"source":"Flux kustomize-controller",
           "summary":"reconciliation succeeded: kustomization/webapp","timestamp":"2026-01-02T03:04:05Z",
           "custom_details":{"message":"Applied revision","metadata":{}}}}""");
    }
  }

  @Test
  void anUnsupportedTypeIsReportedOnTheAlert() {
    String ns = routeTo("lark", "http://127.0.0.1:1/x", "", null);
    publish(failure(ns));
    awaitEvent(
        ns, e -> e.getMessage().contains("provider type 'lark' is not supported by Flotilla yet"));
  }
}
