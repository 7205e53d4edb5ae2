package io.flotilla.kube.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.admission.WriteOpts;
import io.flotilla.kube.apply.ManagedFields;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.FieldErrors;
import io.flotilla.kube.base.GoText;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import io.flotilla.kube.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST …/serviceaccounts/<name>/token}: the TokenRequest API (authentication.k8s.io/v1), in
 * kube-apiserver 1.32's order of checks: name/namespace of the body, the service account (404),
 * audiences defaulted to the API server's, the lifetime (at least 10 minutes, default one hour),
 * the bound object (Pod, Secret or Node, which must exist with the given uid). The token is one
 * {@link ServiceAccountTokens} signs, so the API's own authenticator accepts it.
 */
public final class TokenRequests {
  public static final String NAME = "token";

  public static final ResourceType TOKEN_REQUEST =
      ResourceType.builtin(
          "authentication.k8s.io", "v1", "serviceaccounts", "TokenRequest", true, true);

  static final long DEFAULT_SECONDS = 3600;
  private static final long MIN_SECONDS = 600;
  private static final long MAX_SECONDS = 1L << 32;

  private final Store store;
  private final ServiceAccountTokens tokens;
  private final Clock clock;

  public TokenRequests(Store store, ServiceAccountTokens tokens, Clock clock) {
    this.store = store;
    this.tokens = tokens;
    this.clock = clock;
  }

  /** The answered TokenRequest (status.token, status.expirationTimestamp) for a request body. */
  public ObjectNode create(String namespace, String name, ObjectNode body, WriteOpts opts) {
    ObjectNode req = body.deepCopy();
    req.put("kind", TOKEN_REQUEST.kind());
    req.put("apiVersion", TOKEN_REQUEST.apiVersion());
    ObjectNode meta = Json.meta(req);
    String bodyNamespace = Json.text(meta, "namespace");
    if (bodyNamespace != null && !bodyNamespace.isEmpty() && !bodyNamespace.equals(namespace)) {
      throw ApiException.badRequest(
          "the namespace of the provided object does not match the namespace sent on the request");
    }
    String bodyName = Json.text(meta, "name");
    if (bodyName != null && !bodyName.isEmpty() && !bodyName.equals(name)) {
      throw ApiException.invalid(
          TOKEN_REQUEST,
          name,
          List.of(
              FieldErrors.invalid(
                  "metadata.name",
                  meta.get("name"),
                  "must match the service account name if specified")));
    }
    ObjectNode sa = store.get("/serviceaccounts", namespace, name);
    if (sa == null) {
      throw notFound("serviceaccounts", name);
    }
    ObjectNode spec = Json.child(req, "spec");
    JsonNode seconds = spec.get("expirationSeconds");
    if (seconds == null || seconds.isNull()) {
      spec.put("expirationSeconds", DEFAULT_SECONDS); // v1 defaulting, before the field manager
    } else if (!seconds.isIntegralNumber()) {
      throw ApiException.badRequest(
          "json: cannot unmarshal "
              + (seconds.isTextual() ? "string" : "number " + seconds.asText())
              + " into Go struct field TokenRequestSpec.spec.expirationSeconds of type int64");
    }
    List<ManagedFields.Entry> managed =
        AccessReviews.requestFields(
            req, TOKEN_REQUEST, opts.manager(), NAME, List.of("boundObjectRef"));
    if (!(spec.get("audiences") instanceof ArrayNode a) || a.isEmpty()) {
      ArrayNode aud = spec.putArray("audiences");
      ServiceAccountTokens.API_AUDIENCES.forEach(aud::add);
    }
    // Taken before the token is built, so status.expirationTimestamp is never after its exp.
    Instant now = clock.instant();
    ObjectNode created = Json.object();
    created.put("name", name);
    created.put("namespace", namespace);
    created.put("creationTimestamp", Instant.ofEpochSecond(now.getEpochSecond()).toString());
    req.set("metadata", created);
    ManagedFields.write(req, managed);
    req.remove("status");
    validate(spec);
    List<ServiceAccountTokens.Bound> bound = bound(namespace, name, spec.get("boundObjectRef"));
    long expiration = spec.get("expirationSeconds").asLong();
    List<String> audiences = Json.strings(spec.get("audiences"));
    String token =
        tokens.issue(
            sa,
            new ServiceAccountTokens.Request(audiences, expiration, bound),
            now.getEpochSecond());
    ObjectNode status = req.putObject("status");
    status.put("token", token);
    status.put(
        "expirationTimestamp", Instant.ofEpochSecond(now.getEpochSecond() + expiration).toString());
    return req;
  }

  /** ValidateTokenRequest: the lifetime bounds. */
  private static void validate(ObjectNode spec) {
    long s = spec.get("expirationSeconds").asLong();
    String detail =
        s < MIN_SECONDS
            ? "may not specify a duration less than 10 minutes"
            : s > MAX_SECONDS ? "may not specify a duration larger than 2^32 seconds" : null;
    if (detail != null) {
      ApiException.Cause c =
          FieldErrors.invalid("spec.expirationSeconds", spec.get("expirationSeconds"), detail);
      // NewInvalid with an empty name: kube's details carry no name.
      throw new ApiException(
          422,
          "Invalid",
          "TokenRequest.authentication.k8s.io \"\" is invalid: " + c.field() + ": " + c.message(),
          null,
          TOKEN_REQUEST.group(),
          TOKEN_REQUEST.kind(),
          List.of(c));
    }
  }

  /** The bound object (and for a Pod on a node, that node), checked as kube-apiserver does. */
  private List<ServiceAccountTokens.Bound> bound(String namespace, String saName, JsonNode ref) {
    if (ref == null || !ref.isObject()) {
      return List.of();
    }
    String kind = ref.path("kind").asText("");
    String apiVersion = ref.path("apiVersion").asText("");
    String refName = ref.path("name").asText("");
    String refUid = ref.path("uid").asText("");
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    List<ServiceAccountTokens.Bound> out = new ArrayList<>();
    ObjectNode live;
    if (!group.isEmpty() || !List.of("Pod", "Secret", "Node").contains(kind)) {
      throw ApiException.badRequest(
          "cannot bind token to object of type " + group + "/" + version + ", Kind=" + kind);
    }
    String plural = kind.toLowerCase(java.util.Locale.ROOT) + "s";
    live = store.get("/" + plural, kind.equals("Node") ? "" : namespace, refName);
    if (live == null) {
      throw notFound(plural, refName);
    }
    if (kind.equals("Pod")) {
      String podSa = Json.text(live, "spec", "serviceAccountName");
      if (!saName.equals(podSa)) {
        throw ApiException.badRequest(
            "cannot bind token for serviceaccount "
                + GoText.quote(saName)
                + " to pod running with different serviceaccount name.");
      }
    }
    String uid = Json.text(live, "metadata", "uid");
    if (!refUid.isEmpty() && !refUid.equals(uid)) {
      throw new ApiException(
          409,
          "Conflict",
          "Operation cannot be fulfilled on "
              + kind
              + " "
              + GoText.quote(refName)
              + ": the UID in the bound object reference ("
              + refUid
              + ") does not match the UID in record. The object might have been deleted and then"
              + " recreated",
          refName,
          "",
          kind,
          List.of());
    }
    out.add(new ServiceAccountTokens.Bound(kind, refName, uid));
    String nodeName = kind.equals("Pod") ? Json.text(live, "spec", "nodeName") : null;
    if (nodeName != null && !nodeName.isEmpty()) {
      ObjectNode node = store.get("/nodes", "", nodeName);
      // as kube-apiserver: a pod's missing node still names it in the token, without a uid
      out.add(
          new ServiceAccountTokens.Bound(
              "Node", nodeName, node == null ? "" : Json.text(node, "metadata", "uid")));
    }
    return out;
  }

  /** apierrors.NewNotFound for a core-group resource. */
  private static ApiException notFound(String plural, String name) {
    return new ApiException(
        404,
        "NotFound",
        plural + " " + GoText.quote(name) + " not found",
        name,
        "",
        plural,
        List.of());
  }
}
