package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The review APIs over plain HTTP, for what kubectl never sends: SubjectAccessReview and
 * LocalSubjectAccessReview about another user (with RBAC's reason), TokenReview, the JSON shapes,
 * and the 400/405/422 answers to bad reviews.
 */
class AccessReviewsIT {
  static EmbeddedKubeApi kube;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SAR = "/apis/authorization.k8s.io/v1/subjectaccessreviews";

  @BeforeAll
  static void start() {
    kube =
        EmbeddedKubeApi.start(
            KubeApiOptions.defaults()
                .withSimulateKubelet(false)
                .withUser("admin-token", "admin", "system:masters")
                .withUser("alice-token", "alice", "devs"));
    post("/api/v1/namespaces", "admin-token", "{\"metadata\":{\"name\":\"team-a\"}}");
    post(
        "/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings",
        "admin-token",
        """
        {"metadata":{"name":"devs-edit"},
         "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"edit"},
         "subjects":[{"kind":"Group","name":"devs"},
                     {"kind":"ServiceAccount","name":"ci","namespace":"tools"}]}
        """);
  }

  @AfterAll
  static void stop() {
    kube.close();
  }

  @Test
  void subjectAccessReviewReportsRbacsReason() throws Exception {
    HttpResponse<String> r =
        post(
            SAR,
            "admin-token",
            """
            {"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview",
             "spec":{"user":"bob","groups":["devs"],
               "resourceAttributes":{"namespace":"team-a","verb":"update","group":"apps",
                                     "resource":"deployments","name":"web"}}}
            """);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode sar = JSON.readTree(r.body());
    assertThat(sar.path("status").toString())
        .isEqualTo(
            "{\"allowed\":true,\"reason\":\"RBAC: allowed by RoleBinding \\\"devs-edit/team-a\\\""
                + " of ClusterRole \\\"edit\\\" to Group \\\"devs\\\"\"}");
    assertThat(sar.path("metadata").path("creationTimestamp").isNull()).isTrue();
    assertThat(sar.path("metadata").path("managedFields").get(0).path("manager").asText())
        .isEqualTo("Java-http-client");

    JsonNode sa =
        JSON.readTree(
            post(
                    SAR,
                    "admin-token",
                    """
                    {"spec":{"user":"system:serviceaccount:tools:ci",
                      "resourceAttributes":{"namespace":"team-a","verb":"get","resource":"pods"}}}
                    """)
                .body());
    assertThat(sa.path("status").path("reason").asText())
        .isEqualTo(
            "RBAC: allowed by RoleBinding \"devs-edit/team-a\" of ClusterRole \"edit\" to"
                + " ServiceAccount \"ci/tools\"");

    JsonNode denied =
        JSON.readTree(
            post(
                    SAR,
                    "admin-token",
                    """
                    {"spec":{"user":"bob","nonResourceAttributes":{"path":"/logs","verb":"get"}}}
                    """)
                .body());
    assertThat(denied.path("status").toString()).isEqualTo("{\"allowed\":false}");
  }

  @Test
  void badReviewsAreRefusedAsKubeApiserverRefusesThem() throws Exception {
    HttpResponse<String> noUser =
        post(SAR, "admin-token", "{\"spec\":{\"resourceAttributes\":{\"verb\":\"get\"}}}");
    assertThat(noUser.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(noUser.body()).path("message").asText())
        .isEqualTo(
            "SubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.user: Invalid value:"
                + " \"\": at least one of user or group must be specified");

    HttpResponse<String> neither =
        post(
            "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
            "alice-token",
            "{\"spec\":{}}");
    assertThat(neither.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(neither.body()).path("message").asText())
        .isEqualTo(
            "SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.resourceAttributes:"
                + " Invalid value: \"null\": exactly one of nonResourceAttributes or"
                + " resourceAttributes must be specified");

    HttpResponse<String> local =
        post(
            "/apis/authorization.k8s.io/v1/namespaces/team-a/localsubjectaccessreviews",
            "admin-token",
            "{\"spec\":{\"user\":\"bob\",\"resourceAttributes\":{\"namespace\":\"team-b\",\"verb\":\"get\",\"resource\":\"pods\"}}}");
    assertThat(local.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(local.body()).path("message").asText())
        .isEqualTo(
            "LocalSubjectAccessReview.authorization.k8s.io \"\" is invalid:"
                + " spec.resourceAttributes.namespace: Invalid value: \"team-b\": must match"
                + " metadata.namespace");

    HttpResponse<String> rulesWithoutNamespace =
        post("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews", "alice-token", "{}");
    assertThat(rulesWithoutNamespace.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(rulesWithoutNamespace.body()).path("message").asText())
        .isEqualTo("no namespace on request");

    HttpResponse<String> list = send("GET", SAR, "admin-token", null);
    assertThat(list.statusCode()).isEqualTo(405);

    HttpResponse<String> forbidden =
        post(SAR, "alice-token", "{\"spec\":{\"user\":\"bob\",\"resourceAttributes\":{}}}");
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(forbidden.body()).path("message").asText())
        .isEqualTo(
            "subjectaccessreviews.authorization.k8s.io is forbidden: User \"alice\" cannot create"
                + " resource \"subjectaccessreviews\" in API group \"authorization.k8s.io\" at the"
                + " cluster scope");
  }

  @Test
  void localReviewsAndRulesReviewsAnswerForTheirNamespace() throws Exception {
    JsonNode local =
        JSON.readTree(
            post(
                    "/apis/authorization.k8s.io/v1/namespaces/team-a/localsubjectaccessreviews",
                    "admin-token",
                    "{\"spec\":{\"user\":\"bob\",\"groups\":[\"devs\"],\"resourceAttributes\":{\"namespace\":\"team-a\",\"verb\":\"create\",\"resource\":\"configmaps\"}}}")
                .body());
    assertThat(local.path("metadata").path("namespace").asText()).isEqualTo("team-a");
    assertThat(local.path("status").path("allowed").asBoolean()).isTrue();

    JsonNode rules =
        JSON.readTree(
            post(
                    "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
                    "alice-token",
                    "{\"spec\":{\"namespace\":\"default\"}}")
                .body());
    assertThat(rules.path("spec").toString()).isEqualTo("{}");
    assertThat(rules.path("status").path("incomplete").asBoolean()).isFalse();
    assertThat(rules.path("status").path("resourceRules").toString())
        .isEqualTo(
            "[{\"verbs\":[\"create\"],\"apiGroups\":[\"authorization.k8s.io\"],"
                + "\"resources\":[\"selfsubjectaccessreviews\",\"selfsubjectrulesreviews\"]},"
                + "{\"verbs\":[\"create\"],\"apiGroups\":[\"authentication.k8s.io\"],"
                + "\"resources\":[\"selfsubjectreviews\"]}]");
  }

  @Test
  void tokenReviewChecksTokensAndAudiences() throws Exception {
    post(
        "/api/v1/namespaces/team-a/serviceaccounts",
        "admin-token",
        "{\"metadata\":{\"name\":\"robot\"}}");
    JsonNode tr =
        JSON.readTree(
            post(
                    "/api/v1/namespaces/team-a/serviceaccounts/robot/token",
                    "admin-token",
                    "{\"spec\":{\"audiences\":[\"vault\"],\"expirationSeconds\":900}}")
                .body());
    String token = tr.path("status").path("token").asText();
    String review = "/apis/authentication.k8s.io/v1/tokenreviews";
    JsonNode ok =
        JSON.readTree(
            post(
                    review,
                    "admin-token",
                    "{\"spec\":{\"token\":\"" + token + "\",\"audiences\":[\"vault\"]}}")
                .body());
    assertThat(ok.path("status").path("authenticated").asBoolean()).isTrue();
    assertThat(ok.path("status").path("user").path("username").asText())
        .isEqualTo("system:serviceaccount:team-a:robot");
    assertThat(ok.path("status").path("audiences").toString()).isEqualTo("[\"vault\"]");
    JsonNode wrongAudience =
        JSON.readTree(
            post(review, "admin-token", "{\"spec\":{\"token\":\"" + token + "\"}}").body());
    assertThat(wrongAudience.path("status").path("authenticated").asBoolean()).isFalse();
    assertThat(send("GET", "/api/v1/namespaces/team-a/pods", token, null).statusCode())
        .as("the API server itself refuses a token for another audience")
        .isEqualTo(401);

    HttpResponse<String> missing =
        post("/api/v1/namespaces/team-a/serviceaccounts/nobody/token", "admin-token", "{}");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(missing.body()).path("details").toString())
        .isEqualTo("{\"name\":\"nobody\",\"kind\":\"serviceaccounts\"}");
    assertThat(
            send(
                    "GET",
                    "/api/v1/namespaces/team-a/serviceaccounts/robot/token",
                    "admin-token",
                    null)
                .statusCode())
        .isEqualTo(405);
    assertThat(
            post("/api/v1/namespaces/team-a/configmaps/x/token", "admin-token", "{}").statusCode())
        .isEqualTo(404);
  }

  private static HttpResponse<String> post(String path, String token, String body) {
    return send("POST", path, token, body);
  }

  private static HttpResponse<String> send(String method, String path, String token, String body) {
    return RawHttp.send(kube, method, path, token, null, body);
  }
}
