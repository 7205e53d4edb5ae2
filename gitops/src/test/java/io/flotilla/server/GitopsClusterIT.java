package io.flotilla.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.flotilla.api.FluxCrds;
import io.flotilla.api.gitops.GitopsCluster;
import io.flotilla.kube.KubeApiOptions;
import io.flotilla.server.auth.OidcOptions;
import io.flotilla.server.gitops.GitopsClusters;
import io.flotilla.server.gitops.GitopsOptions;
import io.flotilla.testkit.MutableClock;
import io.flotilla.testkit.TestKube;
import io.flotilla.testkit.gitops.FluxReaderRole;
import io.flotilla.testkit.gitops.SeedJoin;
import io.flotilla.testkit.oidc.OidcIssuer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 000's join steps, done as written with kubectl-equivalent calls: a service account, its
 * token Secret and the impersonation ClusterRole on a second embedded API (RBAC on, HTTPS), the
 * kubeconfig the seed's script makes, its Secret and a GitopsCluster in the management cluster. The
 * GitopsCluster turns Ready, its Flux objects show through the REST API and the dashboard as each
 * user may see them (Flotilla roles for the GitopsCluster, the joined cluster's RBAC for the
 * impersonated user), and broken joins say what is wrong.
 */
class GitopsClusterIT {
  static final String AUDIENCE = "api://flotilla";
  static final String API = "?api-version=2024-06-01";
  static final String HOSTILE = "<script>alert('x')</script>";
  // object ids and group ids as Entra ID issues them; the joined cluster's RBAC names the same
  static final String ALICE = "a11ce000-0000-4000-8000-000000000001";
  static final String BOB = "b0b00000-0000-4000-8000-000000000002";
  static final String CAROL = "ca201000-0000-4000-8000-000000000003";
  static final String TEAM_B = "7eab0000-0000-4000-8000-00000000000b";

  @TempDir Path dir;
  final String sub = UUID.randomUUID().toString();
  TestKube management;
  TestKube leaf;
  boolean leafClosed;
  KubernetesClient leafAdmin;
  OidcIssuer issuer;
  ConfigurationServer server;
  Api admin;

  @BeforeEach
  void start() throws Exception {
    management = TestKube.startWithRbac();
    FluxCrds.apply(management.client(), GitopsCluster.CRD_NAME);
    // the joined cluster: RBAC enforced, HTTPS with its own CA, as the seed's kubeconfig expects
    leaf =
        TestKube.start(
            KubeApiOptions.defaults()
                .withUser("leaf-admin-token", "leaf-admin", "system:masters")
                .withTls(true));
    leafAdmin = SeedJoin.tlsAdmin(leaf, dir);
    FluxCrds.install(leafAdmin);
    issuer = OidcIssuer.start();
  }

  void startService(Clock clock, Duration probeEvery) {
    server =
        ConfigurationServer.start(
            ServerOptions.defaults()
                .withPort(0)
                .withDataDir(dir.resolve("service"))
                .withOidc(OidcOptions.of(issuer.issuer(), AUDIENCE))
                .withGitops(
                    GitopsClusters.watch(
                        GitopsOptions.of(management.client().getConfiguration(), sub)
                            .withProbeEvery(probeEvery))),
            clock,
            name -> null);
    admin = new Api(server.url(), server.adminToken());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    leafAdmin.close();
    if (!leafClosed) {
      leaf.close();
    }
    management.close();
    issuer.close();
  }

  @Test
  void theSeedsStepsJoinAClusterWhoseFluxObjectsEachUserSeesAsTheClusterAllows() throws Exception {
    startService(Clock.systemUTC(), Duration.ofMillis(500));
    joinAsTheSeedSays("demo-01");
    fluxObjectsOnTheJoinedCluster();

    // kubectl get gitopscluster demo-01: Ready, with WGE's ClusterConnectivity beside it
    await()
        .atMost(30, TimeUnit.SECONDS)
        .untilAsserted(
            () ->
                assertThat(condition("default", "demo-01", "Ready"))
                    .containsEntry("status", "True")
                    .containsEntry("reason", "ClusterConnected"));
    assertThat(condition("default", "demo-01", "ClusterConnectivity"))
        .containsEntry("status", "True")
        .containsEntry("reason", "ClusterConnectionSucceeded");

    String id =
        "/subscriptions/"
            + sub
            + "/resourceGroups/default/providers/Flotilla.GitOps/gitopsClusters/demo-01";
    Api alice = user(ALICE, "alice@example.com", List.of());
    Api bob = user(BOB, "bob@example.com", List.of(TEAM_B));
    Api carol = user(CAROL, "carol@example.com", List.of());
    assign("/subscriptions/" + sub + "/resourceGroups/default", ALICE, READER);
    assign("/subscriptions/" + sub + "/resourceGroups/other", BOB, READER);
    assign(id, TEAM_B, READER); // bob through his group, on the GitopsCluster itself

    // REST: the resource, with an ETag that answers 304 to a reader who has it
    Api.Response one = alice.get(id + API);
    assertThat(one.status()).as(one.body()).isEqualTo(200);
    JsonNode p = one.json().path("properties");
    assertThat(p.path("state").asText()).isEqualTo("Ready");
    assertThat(p.path("secretRef").path("name").asText()).isEqualTo("demo-01-kubeconfig");
    assertThat(p.path("bootstrap").asBoolean()).isFalse();
    String etag = one.header("ETag");
    assertThat(etag).isNotBlank();

    // the Flux objects, read as alice (impersonated): her RoleBinding on the joined cluster covers
    // flux-system only, so team-b's objects stay hidden from her
    Api.Response objects = alice.get(id + "/fluxObjects" + API);
    assertThat(objects.status()).as(objects.body()).isEqualTo(200);
    assertThat(objects.json().path("impersonatedUser").asText()).isEqualTo(ALICE);
    assertThat(names(objects.json()))
        .containsExactly(
            "GitRepository flux-system/podinfo True",
            "Kustomization flux-system/podinfo False",
            "HelmRelease flux-system/redis Unknown",
            "Provider flux-system/slack Unknown",
            "Alert flux-system/on-call Unknown",
            "Receiver flux-system/github Unknown");
    Api.Response again = alice.getWithEtag(id + "/fluxObjects" + API, objects.header("ETag"));
    assertThat(again.status()).isEqualTo(304);

    // bob: the GitopsCluster through his group's assignment; on the joined cluster his group may
    // read team-b only
    Api.Response bobs = bob.get(id + "/fluxObjects" + API);
    assertThat(bobs.status()).as(bobs.body()).isEqualTo(200);
    assertThat(names(bobs.json())).containsExactly("GitRepository team-b/team-app Unknown");
    // the admin token reads as flotilla-admin, whom the joined cluster grants nothing
    Api.Response admins = admin.get(id + "/fluxObjects" + API);
    assertThat(admins.status()).as(admins.body()).isEqualTo(200);
    assertThat(admins.json().path("value")).isEmpty();
    assertThat(admins.json().path("unavailable").toString()).contains("Forbidden");

    // no role: ARM's 403 before any lookup, for this cluster and for one that does not exist
    for (String path : List.of(id, id + "/fluxObjects", id.replace("demo-01", "nope"))) {
      Api.Response denied = carol.get(path + API);
      assertThat(denied.status()).as(path).isEqualTo(403);
      assertThat(denied.errorCode()).isEqualTo("AuthorizationFailed");
      assertThat(denied.errorMessage())
          .contains("Flotilla.GitOps/gitopsClusters")
          .doesNotContain("was not found");
    }
    assertThat(carol.getWithEtag(id + API, etag).status()).isEqualTo(403);
    assertThat(alice.get(id.replace("demo-01", "nope") + API).status()).isEqualTo(404);
    // a list at the subscription needs a role there
    assertThat(
            alice
                .get("/subscriptions/" + sub + "/providers/Flotilla.GitOps/gitopsClusters" + API)
                .status())
        .isEqualTo(403);
    assertThat(
            admin
                .get("/subscriptions/" + sub + "/providers/Flotilla.GitOps/gitopsClusters" + API)
                .json()
                .path("value")
                .get(0)
                .path("id")
                .asText())
        .isEqualTo(id);

    // the dashboard: the fleet lists the joined cluster for those who may read it
    assertThat(alice.get("/dashboard/fleet").body())
        .contains("Joined clusters (GitopsCluster)")
        .contains("data-gitops-cluster=\"demo-01\"")
        .contains("Ready");
    assertThat(carol.get("/dashboard/fleet").body()).doesNotContain("demo-01");
    String view = alice.get("/dashboard/resource?id=" + enc(id)).body();
    assertThat(view)
        .contains("GitopsCluster · default")
        .contains("ClusterConnectivity")
        .contains("data-flux-object=\"GitRepository/podinfo\"")
        .contains("Kustomization")
        .doesNotContain("team-app")
        .doesNotContain(HOSTILE)
        .contains(escaped(HOSTILE));
    assertThat(carol.get("/dashboard/resource?id=" + enc(id)).body())
        .contains("Not allowed.")
        .doesNotContain("podinfo");

    // the joined cluster goes down: Ready turns False, the REST API and the dashboard say so
    leaf.close();
    leafClosed = true;
    await()
        .atMost(30, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              Map<String, Object> ready = condition("default", "demo-01", "Ready");
              assertThat(ready)
                  .containsEntry("status", "False")
                  .containsEntry("reason", "ClusterNotConnected");
              assertThat((String) ready.get("message"))
                  .contains("failed connecting to the cluster")
                  .contains("connection refused");
            });
    JsonNode down = alice.get(id + API).json().path("properties");
    assertThat(down.path("state").asText()).isEqualTo("NotReady");
    assertThat(alice.get("/dashboard/fleet").body()).contains("Not ready");
    assertThat(alice.get("/dashboard/resource?id=" + enc(id)).body())
        .contains("Not ready")
        .contains("connection refused")
        .doesNotContain("podinfo");
  }

  @Test
  void brokenJoinsSayWhatIsWrongAndAreNeverReady() throws Exception {
    startService(Clock.systemUTC(), Duration.ofMillis(500));
    String goodKubeconfig = joinAsTheSeedSays("good");
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    URI leafUrl = URI.create(leaf.api().url());

    gitopsCluster("missing-secret", "no-such-secret", false);
    kubeconfigSecret("wrong-key", Map.of("kubeconfig", goodKubeconfig));
    gitopsCluster("wrong-key", "wrong-key", false);
    kubeconfigSecret("not-yaml", Map.of("value", "not: [a kubeconfig"));
    gitopsCluster("not-yaml", "not-yaml", false);
    String tokenOnly =
        goodKubeconfig.replace("current-context: good", "current-context: elsewhere");
    kubeconfigSecret("no-context", Map.of("value.yaml", tokenOnly));
    gitopsCluster("no-context", "no-context", false);
    kubeconfigSecret(
        "runs-a-command",
        Map.of(
            "value",
            goodKubeconfig.replaceFirst(
                "token: .*", "exec: {apiVersion: client.authentication.k8s.io/v1, command: sh}")));
    gitopsCluster("runs-a-command", "runs-a-command", false);
    kubeconfigSecret(
        "down", Map.of("value", goodKubeconfig.replace(":" + leafUrl.getPort(), ":" + closedPort)));
    gitopsCluster("down", "down", true);

    Map<String, List<String>> expected =
        Map.of(
            "missing-secret",
            List.of(
                "WaitingForSecret", "failed to get secret \"default/no-such-secret\"", "not found"),
            "wrong-key",
            List.of(
                "ClusterConnectionFailed",
                "no data present in cluster secret \"default/wrong-key\"",
                "'value' or 'value.yaml' (it has: kubeconfig)"),
            "not-yaml",
            List.of("ClusterConnectionFailed", "the kubeconfig is not valid", "not YAML"),
            "no-context",
            List.of("ClusterConnectionFailed", "current-context 'elsewhere' names no context"),
            "runs-a-command",
            List.of("ClusterConnectionFailed", "exec (a command the service would run"),
            "down",
            List.of(
                "ClusterNotConnected", "dial tcp 127.0.0.1:" + closedPort, "connection refused"));
    String token = token();
    for (var e : expected.entrySet()) {
      await()
          .atMost(30, TimeUnit.SECONDS)
          .untilAsserted(() -> assertThat(condition("default", e.getKey(), "Ready")).isNotEmpty());
      Map<String, Object> ready = condition("default", e.getKey(), "Ready");
      assertThat(ready).as(e.getKey()).containsEntry("status", "False");
      assertThat(ready.get("reason")).as(e.getKey()).isEqualTo(e.getValue().get(0));
      for (String words : e.getValue().subList(1, e.getValue().size())) {
        assertThat((String) ready.get("message")).as(e.getKey()).contains(words);
      }
      assertThat((String) ready.get("message")).as("no secret in messages").doesNotContain(token);
      assertThat(condition("default", e.getKey(), "ClusterConnectivity"))
          .containsEntry("status", "False")
          .containsEntry("reason", "ClusterConnectionFailed");
      String id =
          "/subscriptions/"
              + sub
              + "/resourceGroups/default/providers/Flotilla.GitOps/gitopsClusters/"
              + e.getKey();
      JsonNode p = admin.get(id + API).json().path("properties");
      assertThat(p.path("state").asText()).as(e.getKey()).isEqualTo("NotReady");
      Api.Response objects = admin.get(id + "/fluxObjects" + API);
      assertThat(objects.status()).as(e.getKey()).isIn(409, 502);
      assertThat(admin.get("/dashboard/resource?id=" + enc(id)).body())
          .contains("Not ready")
          .doesNotContain(token);
    }
    assertThat(condition("default", "good", "Ready")).containsEntry("status", "True");
    assertThat(
            admin
                .get(
                    "/subscriptions/"
                        + sub
                        + "/resourceGroups/default/providers/Flotilla.GitOps/gitopsClusters/down"
                        + API)
                .json()
                .path("properties")
                .path("bootstrap")
                .asBoolean())
        .as("the bootstrap label is reported; Flotilla bootstraps nothing")
        .isTrue();
    String fleet = admin.get("/dashboard/fleet").body();
    assertThat(fleet.split("Not ready", -1).length - 1).isEqualTo(expected.size());
  }

  @Test
  void aResultTooOldToTrustIsUnknownNeverReady() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
    // probes run when a GitopsCluster appears and then hourly: the clock outruns them
    startService(clock, Duration.ofHours(1));
    joinAsTheSeedSays("demo-01");
    String id =
        "/subscriptions/"
            + sub
            + "/resourceGroups/default/providers/Flotilla.GitOps/gitopsClusters/demo-01";
    await()
        .atMost(30, TimeUnit.SECONDS)
        .until(
            () ->
                admin
                    .get(id + API)
                    .json()
                    .path("properties")
                    .path("state")
                    .asText()
                    .equals("Ready"));
    clock.advance(Duration.ofHours(3).plusSeconds(1));
    JsonNode p = admin.get(id + API).json().path("properties");
    assertThat(p.path("state").asText()).isEqualTo("Unknown");
    assertThat(p.path("message").asText()).contains("not checked since 2026-12-01T08:00");
    assertThat(admin.get("/dashboard/fleet").body())
        .contains("badge idle\">Unknown")
        .doesNotContain("badge ok\">Ready");
  }

  // ---- the seed's steps ----

  /** Steps 1-8 of seed 000 for a cluster named {@code name}; returns the kubeconfig of step 6. */
  String joinAsTheSeedSays(String name) {
    String kubeconfig = SeedJoin.prepare(leafAdmin, URI.create(leaf.api().url()), name);
    SeedJoin.register(
        management.client(),
        "default",
        name,
        name + "-kubeconfig",
        Map.of("value", kubeconfig),
        false);
    return kubeconfig;
  }

  String token() {
    return SeedJoin.token(leafAdmin);
  }

  void kubeconfigSecret(String name, Map<String, String> data) {
    SeedJoin.kubeconfigSecret(management.client(), "default", name, data);
  }

  void gitopsCluster(String name, String secret, boolean bootstrap) {
    SeedJoin.register(management.client(), "default", name, secret, null, bootstrap);
  }

  /** What users and Flux have on the joined cluster, and who may read which. */
  void fluxObjectsOnTheJoinedCluster() {
    SeedJoin.apply(
        leafAdmin,
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: flux-system}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: team-b}
        ---
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata: {name: podinfo, namespace: flux-system}
        spec: {url: "https://github.com/stefanprodan/podinfo", interval: 1m, ref: {branch: master}}
        ---
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata: {name: team-app, namespace: team-b}
        spec: {url: "https://example.com/team-b.git", interval: 1m}
        ---
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata: {name: podinfo, namespace: flux-system}
        spec: {interval: 10m, path: ./kustomize, prune: true, sourceRef: {kind: GitRepository, name: podinfo}}
        ---
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: redis, namespace: flux-system}
        spec: {interval: 10m, chart: {spec: {chart: redis, sourceRef: {kind: HelmRepository, name: bitnami}}}}
        ---
        apiVersion: notification.toolkit.fluxcd.io/v1beta3
        kind: Provider
        metadata: {name: slack, namespace: flux-system}
        spec: {type: slack, channel: general}
        ---
        apiVersion: notification.toolkit.fluxcd.io/v1beta3
        kind: Alert
        metadata: {name: on-call, namespace: flux-system}
        spec: {providerRef: {name: slack}, eventSources: [{kind: Kustomization, name: "*"}]}
        ---
        apiVersion: notification.toolkit.fluxcd.io/v1
        kind: Receiver
        metadata: {name: github, namespace: flux-system}
        spec: {type: github, resources: [{kind: GitRepository, name: podinfo}], secretRef: {name: webhook-token}}
        ---
        """
            + FluxReaderRole.yaml("flux-viewer", "get, list, watch")
            + """
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: alice-views-flux, namespace: flux-system}
            subjects: [{kind: User, name: %s, apiGroup: rbac.authorization.k8s.io}]
            roleRef: {kind: ClusterRole, name: flux-viewer, apiGroup: rbac.authorization.k8s.io}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: team-b-views-flux, namespace: team-b}
            subjects: [{kind: Group, name: %s, apiGroup: rbac.authorization.k8s.io}]
            roleRef: {kind: ClusterRole, name: flux-viewer, apiGroup: rbac.authorization.k8s.io}
            """
                .formatted(ALICE, TEAM_B));
    status(
        "source.toolkit.fluxcd.io",
        "v1",
        "gitrepositories",
        "GitRepository",
        "podinfo",
        "True",
        "Succeeded",
        "stored artifact for revision 'master@sha1:0123abc'");
    status(
        "kustomize.toolkit.fluxcd.io",
        "v1",
        "kustomizations",
        "Kustomization",
        "podinfo",
        "False",
        "BuildFailed",
        HOSTILE);
  }

  void status(
      String group,
      String version,
      String plural,
      String kind,
      String name,
      String ready,
      String reason,
      String message) {
    var ctx =
        new ResourceDefinitionContext.Builder()
            .withGroup(group)
            .withVersion(version)
            .withPlural(plural)
            .withKind(kind)
            .withNamespaced(true)
            .build();
    GenericKubernetesResource o =
        leafAdmin.genericKubernetesResources(ctx).inNamespace("flux-system").withName(name).get();
    o.setAdditionalProperty(
        "status",
        Map.of(
            "conditions",
            List.of(
                Map.of(
                    "type",
                    "Ready",
                    "status",
                    ready,
                    "reason",
                    reason,
                    "message",
                    message,
                    "lastTransitionTime",
                    "2026-12-01T08:00:00Z"))));
    leafAdmin.genericKubernetesResources(ctx).inNamespace("flux-system").resource(o).updateStatus();
  }

  // ---- helpers ----

  static final String READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

  Api user(String objectId, String name, List<String> groups) {
    return admin.withToken(issuer.token(AUDIENCE, objectId, name, groups));
  }

  void assign(String scope, String principal, String role) {
    var r =
        admin.put(
            scope
                + "/providers/Microsoft.Authorization/roleAssignments/"
                + UUID.randomUUID()
                + "?api-version=2022-04-01",
            "{\"properties\":{\"roleDefinitionId\":\"/subscriptions/"
                + sub
                + "/providers/Microsoft.Authorization/roleDefinitions/"
                + role
                + "\",\"principalId\":\""
                + principal
                + "\"}}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> condition(String ns, String name, String type) {
    GitopsCluster gc =
        management.client().resources(GitopsCluster.class).inNamespace(ns).withName(name).get();
    if (gc == null || gc.getStatus() == null || gc.getStatus().conditions() == null) {
      return Map.of();
    }
    return gc.getStatus().conditions().stream()
        .filter(c -> type.equals(c.type()))
        .findFirst()
        .map(
            c ->
                (Map<String, Object>)
                    io.flotilla.server.http.Json.MAPPER.convertValue(c, Map.class))
        .orElse(Map.of());
  }

  static List<String> names(JsonNode listing) {
    List<String> out = new java.util.ArrayList<>();
    for (JsonNode o : listing.path("value")) {
      out.add(
          o.path("kind").asText()
              + " "
              + o.path("namespace").asText()
              + "/"
              + o.path("name").asText()
              + " "
              + o.path("ready").asText());
    }
    return out;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String escaped(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
  }
}
