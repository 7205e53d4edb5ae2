package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.flotilla.kube.base.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication, impersonation and RBAC, specified through the fabric8 client the way a user of a
 * multi-tenant cluster meets them. Nothing here depends on the embedded server: a kube-apiserver
 * with these static tokens (and anonymous auth off) answers the same.
 */
class AuthorizationIT {
  static final String ADMIN = "admin-token";
  static final String ALICE = "alice-token";
  static final String BOB = "bob-token";
  static final String RBAC = "rbac.authorization.k8s.io";

  static EmbeddedKubeApi kube;
  static KubernetesClient admin;
  static final List<KubernetesClient> clients = new ArrayList<>();

  @BeforeAll
  static void start() {
    kube = EmbeddedKubeApi.start(KubeTestSupport.adminAndAlice().withUser(BOB, "bob"));
    admin = client(ADMIN, c -> {});
  }

  @AfterAll
  static void stop() {
    clients.forEach(KubernetesClient::close);
    kube.close();
  }

  static KubernetesClient client(String token, Consumer<Config> tweak) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(kube.url())
            .withOauthToken(token)
            .withNamespace("default")
            .withRequestRetryBackoffLimit(0)
            .build();
    config.setOnlyHttpWatches(true);
    tweak.accept(config);
    KubernetesClient c =
        new KubernetesClientBuilder()
            .withHttpClientFactory(new JdkHttpClientFactory())
            .withConfig(config)
            .build();
    clients.add(c);
    return c;
  }

  /** The admin's client acting as someone else through Impersonate-User/Impersonate-Group. */
  static KubernetesClient impersonating(String user, String... groups) {
    return client(
        ADMIN,
        c -> {
          c.setImpersonateUsername(user);
          if (groups.length > 0) {
            c.setImpersonateGroups(groups);
          }
        });
  }

  static String namespace(String prefix) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  static void serviceAccount(String ns, String name) {
    admin
        .serviceAccounts()
        .inNamespace(ns)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .build())
        .create();
  }

  /** A rule granting {@code verbs} on {@code resource} of API {@code group} ("" for core). */
  static PolicyRule rule(String group, String resource, String... verbs) {
    return new PolicyRuleBuilder()
        .withApiGroups(group)
        .withResources(resource)
        .withVerbs(verbs)
        .build();
  }

  /** The administrator creates Role {@code name} in {@code ns} with these rules. */
  static void role(String ns, String name, PolicyRule... rules) {
    role(admin, ns, name, rules);
  }

  /** {@code as} creates Role {@code name} in {@code ns} with these rules. */
  static void role(KubernetesClient as, String ns, String name, PolicyRule... rules) {
    as.rbac()
        .roles()
        .inNamespace(ns)
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withRules(rules)
                .build())
        .create();
  }

  /** The administrator creates ClusterRole {@code name} with these rules. */
  static void clusterRole(String name, PolicyRule... rules) {
    admin
        .rbac()
        .clusterRoles()
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withRules(rules)
                .build())
        .create();
  }

  static void roleBinding(String ns, String name, String roleKind, String role, Object subject) {
    roleBinding(admin, ns, name, roleKind, role, subject);
  }

  /** {@code as} binds {@code role} to {@code subject} in {@code ns}. */
  static void roleBinding(
      KubernetesClient as, String ns, String name, String roleKind, String role, Object subject) {
    as.rbac()
        .roleBindings()
        .inNamespace(ns)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withNewRoleRef(RBAC, roleKind, role)
                .withSubjects((io.fabric8.kubernetes.api.model.rbac.Subject) subject)
                .build())
        .create();
  }

  static Object sa(String ns, String name) {
    return new SubjectBuilder().withKind("ServiceAccount").withName(name).withNamespace(ns).build();
  }

  static Object user(String name) {
    return new SubjectBuilder().withApiGroup(RBAC).withKind("User").withName(name).build();
  }

  static ConfigMap configMap(String ns, String name) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .endMetadata()
        .addToData("k", "v")
        .build();
  }

  static Deployment deployment(String ns, String name) {
    return CrudIT.deployment(ns, name, "nginx:1.27");
  }

  static KubernetesClientException failure(Runnable call) {
    try {
      call.run();
    } catch (KubernetesClientException e) {
      return e;
    }
    throw new AssertionError("expected the API server to refuse the request");
  }

  static void assertForbidden(
      KubernetesClientException e, String message, String name, String group, String kind) {
    assertThat(e.getCode()).isEqualTo(403);
    Status s = e.getStatus();
    assertThat(s.getReason()).isEqualTo("Forbidden");
    assertThat(s.getMessage()).isEqualTo(message);
    assertThat(s.getDetails().getName()).isEqualTo(name);
    assertThat(s.getDetails().getGroup()).isEqualTo(group);
    assertThat(s.getDetails().getKind()).isEqualTo(kind);
  }

  /**
   * What RBAC refuses: {@code user} may not {@code verb} the {@code resource} (with a subresource
   * after a slash) of API {@code group} ("" for the core group), named {@code name} or none, in
   * {@code namespace} or at the cluster scope when null.
   */
  record Denial(
      String user, String verb, String group, String resource, String name, String namespace) {
    /**
     * kube-apiserver's wording, e.g. {@code deployments.apps "web" is forbidden: User "bob" cannot
     * get resource "deployments" in API group "apps" in the namespace "a"}.
     */
    String message() {
      String kind = kind();
      return (group.isEmpty() ? kind : kind + "." + group)
          + (name == null ? "" : " \"" + name + "\"")
          + " is forbidden: User \""
          + user
          + "\" cannot "
          + verb
          + " resource \""
          + resource
          + "\" in API group \""
          + group
          + "\" "
          + (namespace == null ? "at the cluster scope" : "in the namespace \"" + namespace + "\"");
    }

    String kind() {
      return resource.split("/")[0];
    }
  }

  /** Asserts the 403 Forbidden Status kube-apiserver answers for {@code denial}. */
  static void assertDenied(KubernetesClientException e, Denial denial) {
    assertForbidden(
        e,
        denial.message(),
        denial.name(),
        denial.group().isEmpty() ? null : denial.group(),
        denial.kind());
  }

  static HttpResponse<String> raw(String method, String path, String token, String body) {
    return RawHttp.send(kube, method, path, token, null, body);
  }

  // ------------------------------------------------------------------ authentication

  @Test
  void requestsWithoutATokenAreUnauthorized() throws Exception {
    HttpResponse<String> r = raw("GET", "/api/v1/namespaces", null, null);
    assertThat(r.statusCode()).isEqualTo(401);
    JsonNode status = Json.parse(r.body().getBytes());
    assertThat(status.path("kind").asText()).isEqualTo("Status");
    assertThat(status.path("reason").asText()).isEqualTo("Unauthorized");
    assertThat(status.path("message").asText()).isEqualTo("Unauthorized");
    assertThat(status.path("code").asInt()).isEqualTo(401);
  }

  @Test
  void anUnknownTokenIsUnauthorized() {
    KubernetesClient stranger = client("not-a-token", c -> {});
    KubernetesClientException e = failure(() -> stranger.namespaces().list());
    assertThat(e.getCode()).isEqualTo(401);
    assertThat(e.getStatus().getReason()).isEqualTo("Unauthorized");
  }

  @Test
  void theAdministratorMayDoAnything() {
    String ns = namespace("adm");
    admin.configMaps().inNamespace(ns).resource(configMap(ns, "a")).create();
    clusterRole("adm-" + ns, rule("*", "*", "*"));
    assertThat(admin.namespaces().list().getItems()).isNotEmpty();
  }

  @Test
  void theKubeconfigItWritesAuthenticatesAsAnAdministrator(@TempDir Path dir) throws Exception {
    kube.writeKubeconfig(dir.resolve("config"));
    KubernetesClient fromFile =
        new KubernetesClientBuilder()
            .withHttpClientFactory(new JdkHttpClientFactory())
            .withConfig(Config.fromKubeconfig(Files.readString(dir.resolve("config"))))
            .build();
    clients.add(fromFile);
    assertThat(fromFile.rbac().clusterRoles().withName("cluster-admin").get()).isNotNull();
    assertThat(kube.adminToken()).isEqualTo(ADMIN);
  }

  @Test
  void aServiceAccountTokenAuthenticatesAsTheServiceAccountUntilItIsDeleted() throws Exception {
    String ns = namespace("tok");
    serviceAccount(ns, "robot");
    String token = kube.serviceAccountToken(ns, "robot");
    assertThat(token.split("\\.")).hasSize(3);
    KubernetesClient robot = client(token, c -> {});
    assertDenied(
        failure(() -> robot.configMaps().inNamespace(ns).list()),
        new Denial("system:serviceaccount:" + ns + ":robot", "list", "", "configmaps", null, ns));
    roleBinding(ns, "robot-view", "ClusterRole", "view", sa(ns, "robot"));
    assertThat(robot.configMaps().inNamespace(ns).list().getItems()).isEmpty();
    admin.serviceAccounts().inNamespace(ns).withName("robot").delete();
    assertThat(failure(() -> robot.configMaps().inNamespace(ns).list()).getCode()).isEqualTo(401);
  }

  @Test
  void aTokenSecretMadeByHandIsFilledAndItsTokenDiesWithTheSecret() throws Exception {
    String ns = namespace("legacy");
    // Kubernetes 1.24+ makes none: users create the Secret first, the account may come later
    admin
        .secrets()
        .inNamespace(ns)
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("robot-token")
                .withNamespace(ns)
                .addToAnnotations("kubernetes.io/service-account.name", "robot")
                .endMetadata()
                .withType("kubernetes.io/service-account-token")
                .build())
        .create();
    serviceAccount(ns, "robot");
    String uid =
        admin.serviceAccounts().inNamespace(ns).withName("robot").get().getMetadata().getUid();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              Secret s = admin.secrets().inNamespace(ns).withName("robot-token").get();
              return s.getData() != null && s.getData().containsKey("token");
            });
    Secret filled = admin.secrets().inNamespace(ns).withName("robot-token").get();
    assertThat(filled.getMetadata().getAnnotations())
        .containsEntry("kubernetes.io/service-account.uid", uid);
    assertThat(new String(java.util.Base64.getDecoder().decode(filled.getData().get("namespace"))))
        .isEqualTo(ns);
    String token = new String(java.util.Base64.getDecoder().decode(filled.getData().get("token")));
    KubernetesClient robot = client(token, c -> {});
    roleBinding(ns, "robot-view", "ClusterRole", "view", sa(ns, "robot"));
    assertThat(robot.configMaps().inNamespace(ns).list().getItems()).isEmpty();
    admin.secrets().inNamespace(ns).withName("robot-token").delete();
    assertThat(failure(() -> robot.configMaps().inNamespace(ns).list()).getCode()).isEqualTo(401);
  }

  // ------------------------------------------------------------------ namespace isolation

  @Test
  void anImpersonatedServiceAccountIsForbiddenOutsideItsNamespaceAndAllowedInsideAfterABinding() {
    String teamA = namespace("team-a");
    String teamB = namespace("team-b");
    admin.apps().deployments().inNamespace(teamA).resource(deployment(teamA, "web")).create();
    admin.apps().deployments().inNamespace(teamB).resource(deployment(teamB, "web")).create();
    String saName = "system:serviceaccount:" + teamA + ":flux-applier";
    KubernetesClient applier = impersonating(saName);

    assertDenied(
        failure(() -> applier.apps().deployments().inNamespace(teamB).withName("web").get()),
        new Denial(saName, "get", "apps", "deployments", "web", teamB));
    assertThat(
            failure(() -> applier.apps().deployments().inNamespace(teamA).withName("web").get())
                .getCode())
        .isEqualTo(403);

    roleBinding(teamA, "flux-applier", "ClusterRole", "admin", sa(teamA, "flux-applier"));

    assertThat(applier.apps().deployments().inNamespace(teamA).withName("web").get()).isNotNull();
    applier.apps().deployments().inNamespace(teamA).resource(deployment(teamA, "api")).create();
    assertThat(applier.apps().deployments().inNamespace(teamA).list().getItems()).hasSize(2);
    assertDenied(
        failure(() -> applier.apps().deployments().inNamespace(teamB).withName("web").get()),
        new Denial(saName, "get", "apps", "deployments", "web", teamB));
    assertDenied(
        failure(() -> applier.apps().deployments().inAnyNamespace().list()),
        new Denial(saName, "list", "apps", "deployments", null, null));
    assertDenied(
        failure(
            () ->
                applier
                    .rbac()
                    .clusterRoles()
                    .resource(
                        new ClusterRoleBuilder()
                            .withNewMetadata()
                            .withName("x")
                            .endMetadata()
                            .build())
                    .create()),
        new Denial(saName, "create", RBAC, "clusterroles", null, null));
  }

  @Test
  void aClusterRoleBindingToClusterAdminGrantsEverything() {
    String ns = namespace("crb");
    KubernetesClient carol = impersonating("carol-" + ns);
    assertDenied(
        failure(() -> carol.namespaces().list()),
        new Denial("carol-" + ns, "list", "", "namespaces", null, null));
    admin
        .rbac()
        .clusterRoleBindings()
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName("carol-" + ns)
                .endMetadata()
                .withNewRoleRef(RBAC, "ClusterRole", "cluster-admin")
                .withSubjects((io.fabric8.kubernetes.api.model.rbac.Subject) user("carol-" + ns))
                .build())
        .create();
    assertThat(carol.namespaces().list().getItems()).isNotEmpty();
    carol.configMaps().inNamespace(ns).resource(configMap(ns, "c")).create();
    carol.secrets().inNamespace(ns).withName("missing").delete();
    assertThat(carol.apps().deployments().inAnyNamespace().list()).isNotNull();
  }

  // ------------------------------------------------------------------ rule details

  @Test
  void resourceNamesLimitARuleToNamedObjects() {
    String ns = namespace("names");
    admin.configMaps().inNamespace(ns).resource(configMap(ns, "allowed")).create();
    admin.configMaps().inNamespace(ns).resource(configMap(ns, "other")).create();
    role(
        ns,
        "one-map",
        new PolicyRuleBuilder(rule("", "configmaps", "get", "list", "watch"))
            .withResourceNames("allowed")
            .build());
    roleBinding(ns, "one-map", "Role", "one-map", user("dave"));
    KubernetesClient dave = impersonating("dave");

    assertThat(dave.configMaps().inNamespace(ns).withName("allowed").get()).isNotNull();
    assertDenied(
        failure(() -> dave.configMaps().inNamespace(ns).withName("other").get()),
        new Denial("dave", "get", "", "configmaps", "other", ns));
    assertDenied(
        failure(() -> dave.configMaps().inNamespace(ns).list()),
        new Denial("dave", "list", "", "configmaps", null, ns));
    // A list narrowed to one name by field selector is authorized for that name.
    assertThat(
            dave.configMaps()
                .inNamespace(ns)
                .withField("metadata.name", "allowed")
                .list()
                .getItems())
        .extracting(c -> c.getMetadata().getName())
        .containsExactly("allowed");
  }

  @Test
  void subresourcesAreAuthorizedSeparatelyFromTheirResource() {
    String ns = namespace("sub");
    admin.apps().deployments().inNamespace(ns).resource(deployment(ns, "web")).create();
    role(
        ns,
        "status-writer",
        rule("apps", "deployments", "get"),
        rule("apps", "deployments/status", "update", "patch"));
    roleBinding(ns, "status-writer", "Role", "status-writer", user("erin"));
    KubernetesClient erin = impersonating("erin");

    Deployment d = erin.apps().deployments().inNamespace(ns).withName("web").get();
    d.setStatus(
        new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
            .withObservedGeneration(1L)
            .build());
    Deployment updated = erin.apps().deployments().inNamespace(ns).resource(d).updateStatus();
    assertThat(updated.getStatus().getObservedGeneration()).isEqualTo(1L);

    Deployment fresh = erin.apps().deployments().inNamespace(ns).withName("web").get();
    fresh.getSpec().setReplicas(5);
    assertDenied(
        failure(() -> erin.apps().deployments().inNamespace(ns).resource(fresh).update()),
        new Denial("erin", "update", "apps", "deployments", "web", ns));

    roleBinding(ns, "frank-view", "ClusterRole", "view", user("frank"));
    KubernetesClient frank = impersonating("frank");
    Deployment seen = frank.apps().deployments().inNamespace(ns).withName("web").get();
    assertDenied(
        failure(() -> frank.apps().deployments().inNamespace(ns).resource(seen).updateStatus()),
        new Denial("frank", "update", "apps", "deployments/status", "web", ns));
  }

  @Test
  void aBindingToAMissingRoleExplainsWhyNothingIsGranted() {
    String ns = namespace("missing");
    roleBinding(ns, "ghost", "Role", "ghost", user("gina"));
    KubernetesClient gina = impersonating("gina");
    assertThat(failure(() -> gina.configMaps().inNamespace(ns).list()).getStatus().getMessage())
        .isEqualTo(
            "configmaps is forbidden: User \"gina\" cannot list resource \"configmaps\" in API"
                + " group \"\" in the namespace \""
                + ns
                + "\": RBAC: role.rbac.authorization.k8s.io \"ghost\" not found");
  }

  // ------------------------------------------------------------------ impersonation

  @Test
  void impersonationWithoutTheImpersonateVerbIsForbidden() {
    KubernetesClient alice = client(ALICE, c -> c.setImpersonateUsername("bob"));
    assertDenied(
        failure(() -> alice.namespaces().list()),
        new Denial("alice", "impersonate", "", "users", "bob", null));

    String ns = namespace("imp");
    KubernetesClient aliceAsSa =
        client(ALICE, c -> c.setImpersonateUsername("system:serviceaccount:" + ns + ":deployer"));
    assertDenied(
        failure(() -> aliceAsSa.configMaps().inNamespace(ns).list()),
        new Denial("alice", "impersonate", "", "serviceaccounts", "deployer", ns));

    // The edit role includes impersonating the namespace's service accounts.
    roleBinding(ns, "alice-edit", "ClusterRole", "edit", user("alice"));
    roleBinding(ns, "deployer-view", "ClusterRole", "view", sa(ns, "deployer"));
    assertThat(aliceAsSa.configMaps().inNamespace(ns).list().getItems()).isEmpty();
    KubernetesClient aliceAsSaWithGroup =
        client(
            ALICE,
            c -> {
              c.setImpersonateUsername("system:serviceaccount:" + ns + ":deployer");
              c.setImpersonateGroups("system:masters");
            });
    assertDenied(
        failure(() -> aliceAsSaWithGroup.configMaps().inNamespace(ns).list()),
        new Denial("alice", "impersonate", "", "groups", "system:masters", null));
  }

  @Test
  void impersonatedGroupsAreWhatRbacSees() {
    String ns = namespace("grp");
    roleBinding(
        ns,
        "auditors",
        "ClusterRole",
        "view",
        new SubjectBuilder().withApiGroup(RBAC).withKind("Group").withName("auditors").build());
    assertThat(failure(() -> impersonating("hank").configMaps().inNamespace(ns).list()).getCode())
        .isEqualTo(403);
    assertThat(impersonating("hank", "auditors").configMaps().inNamespace(ns).list().getItems())
        .isEmpty();
    // Impersonating a service account brings its groups along.
    roleBinding(
        ns,
        "all-sa",
        "ClusterRole",
        "view",
        new SubjectBuilder()
            .withApiGroup(RBAC)
            .withKind("Group")
            .withName("system:serviceaccounts:" + ns)
            .build());
    assertThat(
            impersonating("system:serviceaccount:" + ns + ":anyone")
                .configMaps()
                .inNamespace(ns)
                .list()
                .getItems())
        .isEmpty();
  }

  // ------------------------------------------------------------------ discovery, SSA, watches

  @Test
  void discoveryWorksForAnyAuthenticatedUser() throws Exception {
    KubernetesClient bob = client(BOB, c -> {});
    assertThat(bob.getApiGroups().getGroups()).extracting(g -> g.getName()).contains("apps");
    assertThat(bob.getApiResources("apps/v1").getResources())
        .extracting(r -> r.getName())
        .contains("deployments");
    for (String path : List.of("/api", "/api/v1", "/apis", "/apis/apps/v1", "/version")) {
      assertThat(raw("GET", path, BOB, null).statusCode()).as(path).isEqualTo(200);
    }
    HttpResponse<String> post = raw("POST", "/apis", BOB, "{}");
    assertThat(post.statusCode()).isEqualTo(403);
    assertThat(Json.parse(post.body().getBytes()).path("message").asText())
        .isEqualTo("forbidden: User \"bob\" cannot post path \"/apis\"");
    KubernetesClient sa = impersonating("system:serviceaccount:default:nobody");
    assertThat(sa.getApiResources("v1").getResources()).isNotEmpty();
  }

  @Test
  void serverSideApplyAsAnImpersonatedUserNeedsPatchAndCreateForNewObjects() {
    String ns = namespace("ssa");
    role(ns, "patcher", rule("", "configmaps", "get", "patch"));
    roleBinding(ns, "patcher", "Role", "patcher", sa(ns, "applier"));
    KubernetesClient applier = impersonating("system:serviceaccount:" + ns + ":applier");

    KubernetesClientException e =
        failure(
            () ->
                applier
                    .configMaps()
                    .inNamespace(ns)
                    .resource(configMap(ns, "new"))
                    .fieldManager("flux")
                    .serverSideApply());
    assertForbidden(e, "configmaps \"new\" is forbidden: ", "new", null, "configmaps");

    admin.configMaps().inNamespace(ns).resource(configMap(ns, "existing")).create();
    ConfigMap desired = configMap(ns, "existing");
    desired.setData(Map.of("k", "applied"));
    ConfigMap applied =
        applier
            .configMaps()
            .inNamespace(ns)
            .resource(desired)
            .fieldManager("flux")
            .forceConflicts()
            .serverSideApply();
    assertThat(applied.getData()).containsEntry("k", "applied");
    assertThat(applied.getMetadata().getManagedFields())
        .extracting(m -> m.getManager())
        .contains("flux");

    roleBinding(ns, "applier-edit", "ClusterRole", "edit", sa(ns, "applier"));
    ConfigMap created =
        applier
            .configMaps()
            .inNamespace(ns)
            .resource(configMap(ns, "new"))
            .fieldManager("flux")
            .serverSideApply();
    assertThat(created.getMetadata().getUid()).isNotBlank();
  }

  @Test
  void aWatchOfAForbiddenResourceIsRefusedUpFront() throws Exception {
    String ns = namespace("watch");
    var request =
        HttpRequest.newBuilder(
                URI.create(kube.url() + "/api/v1/namespaces/" + ns + "/secrets?watch=true"))
            .header("Authorization", "Bearer " + ADMIN)
            .header("Impersonate-User", "ivan")
            .build();
    HttpResponse<String> r;
    try (HttpClient http = HttpClient.newHttpClient()) {
      r = http.send(request, HttpResponse.BodyHandlers.ofString());
    }
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(Json.parse(r.body().getBytes()).path("message").asText())
        .isEqualTo(
            "secrets is forbidden: User \"ivan\" cannot watch resource \"secrets\" in API group"
                + " \"\" in the namespace \""
                + ns
                + "\"");

    // fabric8 gives up and closes the watcher with an error (it does not surface the Status).
    KubernetesClient ivan =
        client(
            ADMIN,
            c -> {
              c.setImpersonateUsername("ivan");
              c.setWatchReconnectLimit(0);
            });
    AtomicReference<WatcherException> closed = new AtomicReference<>();
    ivan.secrets()
        .inNamespace(ns)
        .watch(
            new Watcher<>() {
              @Override
              public void eventReceived(Action action, Secret s) {}

              @Override
              public void onClose(WatcherException cause) {
                closed.set(cause);
              }
            });
    await().atMost(Duration.ofSeconds(10)).until(() -> closed.get() != null);
    assertThat(closed.get()).hasMessage("Exhausted reconnects");
  }

  // ------------------------------------------------------------------ escalation

  /** A fresh namespace in which alice holds {@code admin}. */
  private static String aliceAdminIn(String prefix) {
    String ns = namespace(prefix);
    roleBinding(ns, "alice-admin", "ClusterRole", "admin", user("alice"));
    return ns;
  }

  @Test
  void bindingARoleYouDoNotHoldIsForbiddenUnlessYouMayBindIt() {
    String ns = aliceAdminIn("esc");
    KubernetesClient alice = client(ALICE, c -> {});

    KubernetesClientException e =
        failure(
            () -> roleBinding(alice, ns, "me-root", "ClusterRole", "cluster-admin", user("alice")));
    assertThat(e.getCode()).isEqualTo(403);
    assertThat(e.getStatus().getMessage())
        .startsWith(
            "rolebindings.rbac.authorization.k8s.io \"me-root\" is forbidden: user \"alice\""
                + " (groups=[\"devs\" \"system:authenticated\"]) is attempting to grant RBAC"
                + " permissions not currently held:\n")
        .contains("{APIGroups:[\"*\"], Resources:[\"*\"], Verbs:[\"*\"]}");

    // Binding a role she holds (edit is part of admin) is fine.
    roleBinding(alice, ns, "bob-edit", "ClusterRole", "edit", user("bob"));

    // The bind verb on that ClusterRole lifts the rule.
    clusterRole(
        "bind-cluster-admin-" + ns,
        new PolicyRuleBuilder(rule(RBAC, "clusterroles", "bind"))
            .withResourceNames("cluster-admin")
            .build());
    roleBinding(ns, "alice-bind", "ClusterRole", "bind-cluster-admin-" + ns, user("alice"));
    roleBinding(alice, ns, "me-root", "ClusterRole", "cluster-admin", user("alice"));
    // Bound in her namespace only: cluster-admin through a RoleBinding stays namespaced.
    assertThat(alice.secrets().inNamespace(ns).list().getItems()).isEmpty();
    assertThat(failure(() -> alice.secrets().inNamespace("default").list()).getCode())
        .isEqualTo(403);
  }

  @Test
  void creatingARoleWithRightsYouDoNotHoldIsForbiddenUnlessYouMayEscalate() {
    String ns = aliceAdminIn("role-esc");
    KubernetesClient alice = client(ALICE, c -> {});
    RoleBuilder nodesReader =
        new RoleBuilder()
            .withNewMetadata()
            .withName("too-much")
            .endMetadata()
            .withRules(rule("", "nodes", "get", "list"));
    KubernetesClientException e =
        failure(() -> alice.rbac().roles().inNamespace(ns).resource(nodesReader.build()).create());
    assertThat(e.getStatus().getMessage())
        .isEqualTo(
            "roles.rbac.authorization.k8s.io \"too-much\" is forbidden: user \"alice\""
                + " (groups=[\"devs\" \"system:authenticated\"]) is attempting to grant RBAC"
                + " permissions not currently held:\n"
                + "{APIGroups:[\"\"], Resources:[\"nodes\"], Verbs:[\"get\" \"list\"]}");
    role(alice, ns, "cm-reader", rule("", "configmaps", "get"));
  }
}
