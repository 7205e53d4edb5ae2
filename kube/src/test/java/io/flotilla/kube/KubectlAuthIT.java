package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.kube.KubectlRunner.Result;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who-am-I and what-may-I-do, as a user asks kubectl: {@code auth can-i} (with {@code --as}, {@code
 * --list}, {@code --subresource}), {@code auth whoami}, {@code create token} and the token then
 * used as a credential, and RBAC on {@code deployments/scale}. TLS with declared users, since
 * kubectl sends bearer tokens only over TLS.
 */
class KubectlAuthIT extends KubectlTestSupport {
  @BeforeAll
  static void start() throws Exception {
    start(
        tlsWithAdmin()
            .withSimulateKubelet(false)
            .withUser("alice-token", "alice", "devs")
            .withUser("bob-token", "bob"));
    serverSideApply(
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: team-a}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: team-b}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: builder, namespace: team-a}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: bound, namespace: team-a}
        stringData: {k: v}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: deployer, namespace: team-a}
        rules:
        - {apiGroups: [apps], resources: [deployments], verbs: [create, get, list]}
        - {apiGroups: [apps], resources: [deployments/scale], verbs: [get, patch, update]}
        """);
    serverSideApply(
        roleBinding("team-a", "devs-deploy", "Role", "deployer", "{kind: Group, name: devs}")
            + roleBinding(
                "team-a",
                "builder-view",
                "ClusterRole",
                "view",
                "{kind: ServiceAccount, name: builder}")
            + roleBinding("team-b", "bob-view", "ClusterRole", "view", "{kind: User, name: bob}"));
    for (String ns : new String[] {"team-a", "team-b"}) {
      serverSideApply(
          """
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: web, namespace: %s}
          spec:
            replicas: 1
            selector: {matchLabels: {app: web}}
            template:
              metadata: {labels: {app: web}}
              spec: {containers: [{name: web, image: "nginx:1.27"}]}
          """
              .formatted(ns));
    }
  }

  /** A RoleBinding of {@code subject} to the role, as a document of a multi-document YAML. */
  private static String roleBinding(
      String ns, String name, String roleKind, String role, String subject) {
    return """
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: %s, namespace: %s}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: %s, name: %s}
        subjects: [%s]
        """
        .formatted(name, ns, roleKind, role, subject);
  }

  /** A {@code kubectl} command line (split at spaces) and what it answers, with stderr empty. */
  private static Arguments answers(String command, int code, String out) {
    return arguments(command, new Result(code, out, ""));
  }

  static Stream<Arguments> canIAnswers() {
    return Stream.of(
        answers("--token alice-token auth can-i create deployments -n team-a", 0, "yes\n"),
        answers("--token alice-token auth can-i create deployments -n default", 1, "no\n"),
        answers("--token alice-token auth can-i delete deployments -n team-a -q", 1, ""),
        answers("auth can-i * *", 0, "yes\n"),
        answers("--token bob-token auth can-i get /version", 0, "yes\n"),
        answers(
            "--token alice-token auth can-i patch deployments --subresource=scale -n team-a",
            0,
            "yes\n"),
        // as a ServiceAccount, by impersonation
        answers(
            "auth can-i list pods --as system:serviceaccount:team-a:builder -n team-a", 0, "yes\n"),
        answers(
            "auth can-i list pods --as system:serviceaccount:team-a:builder -n default",
            1,
            "no\n"));
  }

  @ParameterizedTest(name = "kubectl {0}")
  @MethodSource("canIAnswers")
  void canIAnswersYesOrNoWithTheExitCode(String command, Result expected) throws Exception {
    assertThat(kubectl.run(command.split(" "))).isEqualTo(expected);
  }

  @Test
  void canIAsAnotherUserNeedsTheRightToImpersonate() throws Exception {
    Result notAllowed =
        kubectl.run("--token", "bob-token", "auth", "can-i", "list", "pods", "--as", "alice");
    assertFails(
        notAllowed,
        "Error from server (Forbidden): users \"alice\" is forbidden: User \"bob\" cannot"
            + " impersonate resource \"users\" in API group \"\" at the cluster scope\n");
  }

  @Test
  void canIListPrintsTheRulesTable() throws Exception {
    Result list = kubectl.run("--token", "alice-token", "auth", "can-i", "--list", "-n", "team-a");
    assertThat(list.code()).as(list.err()).isZero();
    assertThat(list.out())
        .isEqualTo(
            """
            Resources                                       Non-Resource URLs   Resource Names   Verbs
            deployments.apps                                []                  []               [create get list]
            selfsubjectreviews.authentication.k8s.io        []                  []               [create]
            selfsubjectaccessreviews.authorization.k8s.io   []                  []               [create]
            selfsubjectrulesreviews.authorization.k8s.io    []                  []               [create]
            deployments.apps/scale                          []                  []               [get patch update]
                                                            [/api/*]            []               [get]
                                                            [/api]              []               [get]
                                                            [/apis/*]           []               [get]
                                                            [/apis]             []               [get]
                                                            [/healthz]          []               [get]
                                                            [/healthz]          []               [get]
                                                            [/livez]            []               [get]
                                                            [/livez]            []               [get]
                                                            [/openapi/*]        []               [get]
                                                            [/openapi]          []               [get]
                                                            [/readyz]           []               [get]
                                                            [/readyz]           []               [get]
                                                            [/version/]         []               [get]
                                                            [/version/]         []               [get]
                                                            [/version]          []               [get]
                                                            [/version]          []               [get]
            """);
    Result noHeaders =
        kubectl.run(
            "--token", "bob-token", "auth", "can-i", "--list", "--no-headers", "-n", "team-a");
    assertThat(noHeaders.code()).as(noHeaders.err()).isZero();
    assertThat(noHeaders.out())
        .startsWith("selfsubjectreviews.authentication.k8s.io")
        .doesNotContain("Resources")
        .doesNotContain("deployments.apps/scale");
  }

  @Test
  void whoamiPrintsTheAttributeTable() throws Exception {
    Result alice = kubectl.run("--token", "alice-token", "auth", "whoami");
    assertThat(alice)
        .isEqualTo(
            new Result(
                0,
                "ATTRIBUTE   VALUE\nUsername    alice\nGroups      [devs system:authenticated]\n",
                ""));
    Result impersonated = kubectl.run("auth", "whoami", "--as", "carol", "--as-group", "qa");
    assertThat(impersonated.out())
        .isEqualTo("ATTRIBUTE   VALUE\nUsername    carol\nGroups      [qa system:authenticated]\n");
    JsonNode json =
        JSON.readTree(kubectl.run("--token", "alice-token", "auth", "whoami", "-o", "json").out());
    assertThat(json.path("kind").asText()).isEqualTo("SelfSubjectReview");
    assertThat(json.path("apiVersion").asText()).isEqualTo("authentication.k8s.io/v1");
  }

  @Test
  void createTokenIssuesAJwtTheApiAcceptsAsTheServiceAccount() throws Exception {
    Result token = kubectl.run("create", "token", "builder", "-n", "team-a");
    assertThat(token.code()).as(token.err()).isZero();
    assertThat(token.out()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    JsonNode claims = claims(token.out());
    assertThat(claims.path("aud").toString())
        .isEqualTo("[\"https://kubernetes.default.svc.cluster.local\"]");
    assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(3600);
    assertThat(claims.path("sub").asText()).isEqualTo("system:serviceaccount:team-a:builder");

    Result who = kubectl.run("--token", token.out(), "auth", "whoami");
    assertThat(who.code()).as(who.err()).isZero();
    String uid =
        kubectl.run("get", "sa", "builder", "-n", "team-a", "-o", "jsonpath={.metadata.uid}").out();
    assertThat(who.out())
        .isEqualTo(
            "ATTRIBUTE                                           VALUE\n"
                + "Username                                            system:serviceaccount:team-a:builder\n"
                + "UID                                                 "
                + uid
                + "\n"
                + "Groups                                              [system:serviceaccounts"
                + " system:serviceaccounts:team-a system:authenticated]\n"
                + "Extra: authentication.kubernetes.io/credential-id   [JTI="
                + claims.path("jti").asText()
                + "]\n");
    Result pods = kubectl.run("--token", token.out(), "get", "pods", "-n", "team-a");
    assertThat(pods).isEqualTo(new Result(0, "", "No resources found in team-a namespace.\n"));
    Result secrets = kubectl.run("--token", token.out(), "get", "secrets", "-n", "team-a");
    assertThat(secrets.err())
        .isEqualTo(
            "Error from server (Forbidden): secrets is forbidden: User"
                + " \"system:serviceaccount:team-a:builder\" cannot list resource \"secrets\" in API"
                + " group \"\" in the namespace \"team-a\"\n");
  }

  @Test
  void tokenAudienceDurationAndOutput() throws Exception {
    Result other =
        kubectl.run(
            "create", "token", "builder", "-n", "team-a", "--audience", "https://vault.example");
    assertThat(other.code()).as(other.err()).isZero();
    assertThat(claims(other.out()).path("aud").toString()).isEqualTo("[\"https://vault.example\"]");
    Result refused = kubectl.run("--token", other.out(), "get", "pods", "-n", "team-a");
    assertThat(refused)
        .isEqualTo(
            new Result(1, "", "error: You must be logged in to the server (Unauthorized)\n"));

    Instant before = Instant.now().minusSeconds(1);
    JsonNode tr =
        JSON.readTree(
            kubectl
                .run("create", "token", "builder", "-n", "team-a", "--duration", "2h", "-o", "json")
                .out());
    assertThat(tr.path("kind").asText()).isEqualTo("TokenRequest");
    assertThat(tr.path("apiVersion").asText()).isEqualTo("authentication.k8s.io/v1");
    assertThat(tr.path("metadata").path("name").asText()).isEqualTo("builder");
    assertThat(tr.path("spec").path("expirationSeconds").asLong()).isEqualTo(7200);
    assertThat(tr.path("spec").path("audiences").toString())
        .isEqualTo("[\"https://kubernetes.default.svc.cluster.local\"]");
    Instant expires = Instant.parse(tr.path("status").path("expirationTimestamp").asText());
    assertThat(expires)
        .isBetween(before.plus(Duration.ofHours(2)), Instant.now().plus(Duration.ofHours(2)));
    assertThat(claims(tr.path("status").path("token").asText()).path("exp").asLong())
        .isEqualTo(expires.getEpochSecond());

    Result tooShort = kubectl.run("create", "token", "builder", "-n", "team-a", "--duration", "5m");
    assertThat(tooShort)
        .isEqualTo(
            new Result(
                1,
                "",
                "error: failed to create token: TokenRequest.authentication.k8s.io \"\" is invalid:"
                    + " spec.expirationSeconds: Invalid value: 300: may not specify a duration less"
                    + " than 10 minutes\n"));
    Result missing = kubectl.run("create", "token", "nobody", "-n", "team-a");
    assertThat(missing)
        .isEqualTo(
            new Result(
                1, "", "error: failed to create token: serviceaccounts \"nobody\" not found\n"));
  }

  @Test
  void aTokenBoundToASecretDiesWithTheSecret() throws Exception {
    assertThat(kubectl.run("create", "secret", "generic", "ephemeral", "-n", "team-a").code())
        .isZero();
    Result token = boundToken("Secret", "ephemeral");
    assertThat(token.code()).as(token.err()).isZero();
    assertThat(claims(token.out()).path("kubernetes.io").path("secret").path("name").asText())
        .isEqualTo("ephemeral");
    assertThat(kubectl.run("--token", token.out(), "get", "pods", "-n", "team-a").code()).isZero();
    assertThat(kubectl.run("delete", "secret", "ephemeral", "-n", "team-a").code()).isZero();
    assertThat(kubectl.run("--token", token.out(), "get", "pods", "-n", "team-a").err())
        .isEqualTo("error: You must be logged in to the server (Unauthorized)\n");

    Result noPod = boundToken("Pod", "nope");
    assertThat(noPod)
        .isEqualTo(new Result(1, "", "error: failed to create token: pods \"nope\" not found\n"));
  }

  @Test
  void scaleIsAuthorizedOnTheScaleSubresource() throws Exception {
    Result bob =
        kubectl.run(
            "--token", "bob-token", "scale", "deployment", "web", "-n", "team-b", "--replicas=2");
    assertFails(
        bob,
        "Error from server (Forbidden): deployments.apps \"web\" is forbidden: User \"bob\""
            + " cannot patch resource \"deployments/scale\" in API group \"apps\" in the"
            + " namespace \"team-b\"\n");
    // ...though view lets it read the scale
    assertThat(
            kubectl.run(
                "--token",
                "bob-token",
                "get",
                "deploy",
                "web",
                "-n",
                "team-b",
                "--subresource=scale",
                "-o",
                "name"))
        .isEqualTo(new Result(0, "scale.autoscaling/web\n", ""));
    Result alice =
        kubectl.run(
            "--token", "alice-token", "scale", "deployment", "web", "-n", "team-a", "--replicas=2");
    assertThat(alice).isEqualTo(new Result(0, "deployment.apps/web scaled\n", ""));
    Result edit =
        kubectl.run(
            "--token",
            "alice-token",
            "patch",
            "deployment",
            "web",
            "-n",
            "team-a",
            "--type=merge",
            "-p",
            "{\"spec\":{\"replicas\":3}}");
    assertThat(edit.err()).contains("cannot patch resource \"deployments\" in API group \"apps\"");
  }

  @Test
  void apiResourcesListsTheReviewKinds() throws Exception {
    Result r = kubectl.run("api-resources", "--api-group=authorization.k8s.io");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            NAME                        SHORTNAMES   APIVERSION                NAMESPACED   KIND
            localsubjectaccessreviews                authorization.k8s.io/v1   true         LocalSubjectAccessReview
            selfsubjectaccessreviews                 authorization.k8s.io/v1   false        SelfSubjectAccessReview
            selfsubjectrulesreviews                  authorization.k8s.io/v1   false        SelfSubjectRulesReview
            subjectaccessreviews                     authorization.k8s.io/v1   false        SubjectAccessReview
            """);
    Result authn = kubectl.run("api-resources", "--api-group=authentication.k8s.io", "-o", "wide");
    assertThat(authn.out())
        .contains("selfsubjectreviews", "tokenreviews")
        .containsPattern("SelfSubjectReview\\s+create");
  }

  /** {@code kubectl create token builder -n team-a}, bound to the object of that kind and name. */
  private static Result boundToken(String kind, String name) throws Exception {
    return kubectl.run(
        "create",
        "token",
        "builder",
        "-n",
        "team-a",
        "--bound-object-kind",
        kind,
        "--bound-object-name",
        name);
  }

  private static JsonNode claims(String jwt) throws Exception {
    String payload = jwt.split("\\.")[1];
    return JSON.readTree(
        new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
  }
}
