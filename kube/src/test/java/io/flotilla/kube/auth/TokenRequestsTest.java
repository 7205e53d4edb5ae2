package io.flotilla.kube.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.admission.WriteOpts;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.store.Store;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TokenRequest answers and what the authenticator then accepts: lifetime bounds and default,
 * audiences, expiry, bound objects; time comes from a clock the test moves.
 */
class TokenRequestsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** A clock the test moves forward. */
  private static final class MovingClock extends Clock {
    Instant now = T0;

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final MovingClock clock = new MovingClock();
  private final Store store = new Store();
  private final ServiceAccountTokens tokens = new ServiceAccountTokens(store, clock);
  private final TokenRequests requests = new TokenRequests(store, tokens, clock);
  private final WriteOpts opts = new WriteOpts(false, null, false, "kubectl/v1.32.4");

  TokenRequestsTest() {
    put(
        "/serviceaccounts",
        "{\"metadata\":{\"name\":\"sa\",\"namespace\":\"ns\",\"uid\":\"sa-uid\"}}");
  }

  private void put(String key, String json) {
    ObjectNode o = json(json);
    Json.meta(o).put("resourceVersion", "1");
    store.put(key, o);
  }

  /** A TokenRequest body bound to a core object (an empty uid is left out). */
  private static ObjectNode boundTo(String kind, String name, String uid) {
    ObjectNode req = json("{\"spec\":{\"boundObjectRef\":{\"apiVersion\":\"v1\"}}}");
    ObjectNode ref = (ObjectNode) req.path("spec").path("boundObjectRef");
    ref.put("kind", kind).put("name", name);
    if (!uid.isEmpty()) {
      ref.put("uid", uid);
    }
    return req;
  }

  private static ObjectNode json(String s) {
    return (ObjectNode) Json.parse(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void defaultsToOneHourForTheApiServersAudience() {
    ObjectNode tr = requests.create("ns", "sa", json("{\"spec\":{}}"), opts);
    assertThat(Json.write(tr.get("spec")))
        .isEqualTo(
            "{\"expirationSeconds\":3600,"
                + "\"audiences\":[\"https://kubernetes.default.svc.cluster.local\"]}");
    assertThat(tr.path("metadata").path("creationTimestamp").asText())
        .isEqualTo("2026-01-01T00:00:00Z");
    assertThat(tr.path("status").path("expirationTimestamp").asText())
        .isEqualTo("2026-01-01T01:00:00Z");
    assertThat(tr.path("metadata").path("managedFields").get(0).path("fieldsV1").toString())
        .as("the field manager saw the request after defaulting, before audiences were filled in")
        .isEqualTo("{\"f:spec\":{\"f:expirationSeconds\":{}}}");

    String token = tr.path("status").path("token").asText();
    UserInfo user = tokens.verify(token);
    assertThat(user.name()).isEqualTo("system:serviceaccount:ns:sa");
    assertThat(user.uid()).isEqualTo("sa-uid");
    assertThat(user.extra()).containsOnlyKeys("authentication.kubernetes.io/credential-id");

    clock.now = T0.plus(Duration.ofMinutes(59));
    assertThat(tokens.verify(token)).isNotNull();
    clock.now = T0.plus(Duration.ofHours(1));
    assertThat(tokens.verify(token)).as("expired").isNull();
  }

  @Test
  void aTokenForAnotherAudienceIsNotAcceptedByTheApiServer() {
    ObjectNode tr =
        requests.create("ns", "sa", json("{\"spec\":{\"audiences\":[\"vault\"]}}"), opts);
    String token = tr.path("status").path("token").asText();
    assertThat(tokens.verify(token)).isNull();
    assertThat(tokens.verify(token, List.of("other", "vault")).audiences())
        .containsExactly("vault");
  }

  @Test
  void lifetimeIsBetweenTenMinutesAndTwoToThe32Seconds() {
    assertThat(requests.create("ns", "sa", json("{\"spec\":{\"expirationSeconds\":600}}"), opts))
        .isNotNull();
    assertThatThrownBy(
            () -> requests.create("ns", "sa", json("{\"spec\":{\"expirationSeconds\":599}}"), opts))
        .hasMessage(
            "TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds: Invalid"
                + " value: 599: may not specify a duration less than 10 minutes");
    assertThatThrownBy(
            () ->
                requests.create(
                    "ns", "sa", json("{\"spec\":{\"expirationSeconds\":4294967297}}"), opts))
        .hasMessageEndingWith("may not specify a duration larger than 2^32 seconds");
  }

  @Test
  void requestsForMissingOrMismatchedAccountsAreRefused() {
    assertThatThrownBy(() -> requests.create("ns", "nobody", json("{}"), opts))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code).isEqualTo(404))
        .hasMessage("serviceaccounts \"nobody\" not found");
    assertThatThrownBy(
            () -> requests.create("ns", "sa", json("{\"metadata\":{\"name\":\"other\"}}"), opts))
        .hasMessage(
            "TokenRequest.authentication.k8s.io \"sa\" is invalid: metadata.name: Invalid value:"
                + " \"other\": must match the service account name if specified");
    assertThatThrownBy(() -> requests.create("ns", "sa", boundTo("ConfigMap", "c", ""), opts))
        .hasMessage("cannot bind token to object of type /v1, Kind=ConfigMap");
  }

  @Test
  void aPodBoundTokenNamesPodAndNodeAndDiesWithThePod() {
    put(
        "/pods",
        "{\"metadata\":{\"name\":\"p\",\"namespace\":\"ns\",\"uid\":\"pod-uid\"},\"spec\":{\"serviceAccountName\":\"sa\",\"nodeName\":\"n1\"}}");
    put(
        "/pods",
        "{\"metadata\":{\"name\":\"other\",\"namespace\":\"ns\",\"uid\":\"o\"},\"spec\":{\"serviceAccountName\":\"default\"}}");
    ObjectNode tr = requests.create("ns", "sa", boundTo("Pod", "p", ""), opts);
    UserInfo user = tokens.verify(tr.path("status").path("token").asText());
    assertThat(user.extra())
        .containsEntry("authentication.kubernetes.io/pod-name", List.of("p"))
        .containsEntry("authentication.kubernetes.io/pod-uid", List.of("pod-uid"))
        .containsEntry("authentication.kubernetes.io/node-name", List.of("n1"))
        .doesNotContainKey("authentication.kubernetes.io/node-uid");

    assertThatThrownBy(() -> requests.create("ns", "sa", boundTo("Pod", "p", "old"), opts))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code).isEqualTo(409));
    assertThatThrownBy(() -> requests.create("ns", "sa", boundTo("Pod", "other", ""), opts))
        .hasMessage(
            "cannot bind token for serviceaccount \"sa\" to pod running with different"
                + " serviceaccount name.");

    ObjectNode pod = store.get("/pods", "ns", "p");
    store.remove("/pods", pod);
    assertThat(tokens.verify(tr.path("status").path("token").asText())).isNull();
  }
}
