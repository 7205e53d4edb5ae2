package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
    kube = EmbeddedKubeApi.start(KubeTestSupport.adminAndAlice());
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
        postJson(
            SAR,
            "admin-token",
            """
            {"spec":{"user":"system:serviceaccount:tools:ci",
              "resourceAttributes":{"namespace":"team-a","verb":"get","resource":"pods"}}}
            """);
    assertThat(sa.path("status").path("reason").asText())
        .isEqualTo(
            "RBAC: allowed by RoleBinding \"devs-edit/team-a\" of ClusterRole \"edit\" to"
                + " ServiceAccount \"ci/tools\"");

    JsonNode denied =
        postJson(
            SAR,
            "admin-token",
            """
            {"spec":{"user":"bob","nonResourceAttributes":{"path":"/logs","verb":"get"}}}
            """);
    assertThat(denied.path("status").toString()).isEqualTo("{\"allowed\":false}");
  }

  static Stream<Arguments> badReviews() {
    return Stream.of(
        Arguments.of(
            SAR,
            "admin-token",
            "{\"spec\":{\"resourceAttributes\":{\"verb\":\"get\"}}}",
            422,
            "SubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.user: Invalid value:"
                + " \"\": at least one of user or group must be specified"),
        Arguments.of(
            "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
            "alice-token",
            "{\"spec\":{}}",
            422,
            "SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.resourceAttributes:"
                + " Invalid value: \"null\": exactly one of nonResourceAttributes or"
                + " resourceAttributes must be specified"),
        Arguments.of(
            "/apis/authorization.k8s.io/v1/namespaces/team-a/localsubjectaccessreviews",
            "admin-token",
            "{\"spec\":{\"user\":\"bob\",\"resourceAttributes\":{\"namespace\":\"team-b\",\"verb\":\"get\",\"resource\":\"pods\"}}}",
            422,
            "LocalSubjectAccessReview.authorization.k8s.io \"\" is invalid:"
                + " spec.resourceAttributes.namespace: Invalid value: \"team-b\": must match"
                + " metadata.namespace"),
        Arguments.of(
            "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
            "alice-token",
            "{}",
            400,
            "no namespace on request"),
        Arguments.of(
            SAR,
            "alice-token",
            "{\"spec\":{\"user\":\"bob\",\"resourceAttributes\":{}}}",
            403,
            "subjectaccessreviews.authorization.k8s.io is forbidden: User \"alice\" cannot create"
                + " resource \"subjectaccessreviews\" in API group \"authorization.k8s.io\" at the"
                + " cluster scope"));
  }

  @ParameterizedTest
  @MethodSource("badReviews")
  void badReviewsAreRefusedAsKubeApiserverRefusesThem(
      String path, String token, String body, int code, String message) throws Exception {
    HttpResponse<String> r = post(path, token, body);
    assertThat(r.statusCode()).isEqualTo(code);
    assertThat(JSON.readTree(r.body()).path("message").asText()).isEqualTo(message);
  }

  @Test
  void reviewsCannotBeListed() {
    assertThat(send("GET", SAR, "admin-token", null).statusCode()).isEqualTo(405);
  }

  @Test
  void localReviewsAndRulesReviewsAnswerForTheirNamespace() throws Exception {
    JsonNode local =
        postJson(
            "/apis/authorization.k8s.io/v1/namespaces/team-a/localsubjectaccessreviews",
            "admin-token",
            "{\"spec\":{\"user\":\"bob\",\"groups\":[\"devs\"],\"resourceAttributes\":{\"namespace\":\"team-a\",\"verb\":\"create\",\"resource\":\"configmaps\"}}}");
    assertThat(local.path("metadata").path("namespace").asText()).isEqualTo("team-a");
    assertThat(local.path("status").path("allowed").asBoolean()).isTrue();

    JsonNode rules =
        postJson(
            "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
            "alice-token",
            "{\"spec\":{\"namespace\":\"default\"}}");
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
        postJson(
            "/api/v1/namespaces/team-a/serviceaccounts/robot/token",
            "admin-token",
            "{\"spec\":{\"audiences\":[\"vault\"],\"expirationSeconds\":900}}");
    String token = tr.path("status").path("token").asText();
    String review = "/apis/authentication.k8s.io/v1/tokenreviews";
    JsonNode ok =
        postJson(
            review,
            "admin-token",
            "{\"spec\":{\"token\":\"" + token + "\",\"audiences\":[\"vault\"]}}");
    assertThat(ok.path("status").path("authenticated").asBoolean()).isTrue();
    assertThat(ok.path("status").path("user").path("username").asText())
        .isEqualTo("system:serviceaccount:team-a:robot");
    assertThat(ok.path("status").path("audiences").toString()).isEqualTo("[\"vault\"]");
    JsonNode wrongAudience =
        postJson(review, "admin-token", "{\"spec\":{\"token\":\"" + token + "\"}}");
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

  /** The answer's body to a POST, parsed. */
  private static JsonNode postJson(String path, String token, String body) throws Exception {
    return JSON.readTree(post(path, token, body).body());
  }

  private static HttpResponse<String> post(String path, String token, String body) {
    return send("POST", path, token, body);
  }

  private static HttpResponse<String> send(String method, String path, String token, String body) {
    return RawHttp.send(kube, method, path, token, null, body);
  }
}
