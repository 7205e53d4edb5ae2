package io.flotilla.kube.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.admission.WriteOpts;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.core.ApiCore;
import io.flotilla.kube.core.Registry;
import io.flotilla.kube.store.Store;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reviews answered from the RBAC objects in a store: decisions, reasons, rules, identities. */
class AccessReviewsTest {
  private final Store store = new Store();
  private final Registry registry = new Registry();
  private final ApiCore core = new ApiCore(store, registry, () -> {});
  private final Authorization authorization =
      new Authorization(
          Map.of("t", UserInfo.ofToken("alice", List.of("devs"))),
          store,
          registry,
          Clock.systemUTC());
  private final AccessReviews reviews = new AccessReviews(authorization);
  private final WriteOpts opts = new WriteOpts(false, null, false, "kubectl/v1.32.4 (linux/amd64)");
  private static final UserInfo ALICE =
      new UserInfo("alice", "", List.of("devs", UserInfo.AUTHENTICATED));

  AccessReviewsTest() {
    BootstrapPolicy.install(core);
    core.create(
        registry.find("", "v1", "namespaces"),
        null,
        json("{\"metadata\":{\"name\":\"team-a\"}}"),
        WriteOpts.internal("test"));
    create(
        "roles",
        "team-a",
        "{\"metadata\":{\"name\":\"reader\"},\"rules\":[{\"apiGroups\":[\"\"],\"resources\":[\"pods\"],\"verbs\":[\"get\",\"list\"]}]}");
    create(
        "rolebindings",
        "team-a",
        "{\"metadata\":{\"name\":\"devs-read\"},\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"Role\",\"name\":\"reader\"},"
            + "\"subjects\":[{\"kind\":\"Group\",\"name\":\"devs\"}]}");
    create(
        "rolebindings",
        "team-a",
        "{\"metadata\":{\"name\":\"dangling\"},\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"Role\",\"name\":\"gone\"},"
            + "\"subjects\":[{\"kind\":\"User\",\"name\":\"alice\"}]}");
  }

  private void create(String plural, String ns, String json) {
    core.create(
        registry.find(Rbac.GROUP, "v1", plural), ns, json(json), WriteOpts.internal("test"));
  }

  private static ObjectNode json(String s) {
    return (ObjectNode) Json.parse(s.getBytes(StandardCharsets.UTF_8));
  }

  private ObjectNode review(String plural, String namespace, String body, UserInfo user) {
    AccessReviews.Endpoint e =
        AccessReviews.ENDPOINTS.stream().filter(x -> x.plural().equals(plural)).findFirst().get();
    return reviews.create(new AccessReviews.Target(e, namespace), json(body), user, opts);
  }

  @Test
  void selfSubjectAccessReviewsCarryRbacsReasonAndTheRequestsManagedFields() {
    ObjectNode yes =
        review(
            "selfsubjectaccessreviews",
            null,
            "{\"spec\":{\"resourceAttributes\":{\"namespace\":\"team-a\",\"verb\":\"list\",\"resource\":\"pods\"}}}",
            ALICE);
    assertThat(Json.write(yes.get("status")))
        .isEqualTo(
            "{\"allowed\":true,\"reason\":\"RBAC: allowed by RoleBinding \\\"devs-read/team-a\\\" of"
                + " Role \\\"reader\\\" to Group \\\"devs\\\"\"}");
    assertThat(Json.write(yes.path("metadata").path("managedFields").get(0).path("fieldsV1")))
        .isEqualTo(
            "{\"f:spec\":{\"f:resourceAttributes\":{\".\":{},\"f:namespace\":{},\"f:resource\":{},"
                + "\"f:verb\":{}}}}");
    ObjectNode no =
        review(
            "selfsubjectaccessreviews",
            null,
            "{\"spec\":{\"resourceAttributes\":{\"namespace\":\"team-a\",\"verb\":\"delete\",\"resource\":\"pods\"}}}",
            ALICE);
    assertThat(Json.write(no.get("status")))
        .as("RBAC's resolution errors are the reason of a denial")
        .isEqualTo(
            "{\"allowed\":false,\"reason\":\"RBAC: role.rbac.authorization.k8s.io \\\"gone\\\" not"
                + " found\"}");
  }

  @Test
  void bothOrNeitherAttributeKindIsInvalid() {
    assertThatThrownBy(
            () ->
                review(
                    "selfsubjectaccessreviews",
                    null,
                    "{\"spec\":{\"resourceAttributes\":{},\"nonResourceAttributes\":{\"path\":\"/x\",\"verb\":\"get\"}}}",
                    ALICE))
        .hasMessage(
            "SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid:"
                + " spec.nonResourceAttributes: Invalid value:"
                + " authorization.NonResourceAttributes{Path:\"/x\", Verb:\"get\"}: cannot be"
                + " specified in combination with resourceAttributes");
    assertThatThrownBy(
            () ->
                review(
                    "localsubjectaccessreviews",
                    "team-a",
                    "{\"spec\":{\"user\":\"bob\",\"nonResourceAttributes\":{\"path\":\"/x\",\"verb\":\"get\"}}}",
                    ALICE))
        .hasMessageEndingWith(": disallowed on this kind of request");
  }

  @Test
  void rulesReviewsSplitResourceAndNonResourceRulesAndReportErrors() {
    ObjectNode rules =
        review("selfsubjectrulesreviews", null, "{\"spec\":{\"namespace\":\"team-a\"}}", ALICE);
    assertThat(Json.write(rules.get("status").get("resourceRules")))
        .contains("{\"verbs\":[\"get\",\"list\"],\"apiGroups\":[\"\"],\"resources\":[\"pods\"]}");
    assertThat(rules.path("status").path("nonResourceRules").get(0).has("nonResourceURLs"))
        .isTrue();
    assertThat(rules.path("status").path("evaluationError").asText())
        .isEqualTo("role.rbac.authorization.k8s.io \"gone\" not found");
    assertThat(rules.path("metadata").has("managedFields")).isFalse();
  }

  @Test
  void selfSubjectReviewsEchoTheUserWithItsExtras() {
    UserInfo sa =
        UserInfo.serviceAccount(
            "ns",
            "sa",
            "u1",
            Map.of("authentication.kubernetes.io/credential-id", List.of("JTI=x")));
    ObjectNode who = review("selfsubjectreviews", null, "{}", sa);
    assertThat(Json.write(who.get("status")))
        .isEqualTo(
            "{\"userInfo\":{\"username\":\"system:serviceaccount:ns:sa\",\"uid\":\"u1\","
                + "\"groups\":[\"system:serviceaccounts\",\"system:serviceaccounts:ns\","
                + "\"system:authenticated\"],"
                + "\"extra\":{\"authentication.kubernetes.io/credential-id\":[\"JTI=x\"]}}}");
    assertThat(who.has("spec")).isFalse();
    assertThat(who.path("metadata").path("creationTimestamp").isTextual()).isTrue();
  }
}
