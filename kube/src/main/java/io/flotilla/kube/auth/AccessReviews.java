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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The create-only review APIs, answered from this server's own authentication and RBAC:
 * SelfSubjectAccessReview, SubjectAccessReview, LocalSubjectAccessReview, SelfSubjectRulesReview
 * (authorization.k8s.io/v1), SelfSubjectReview and TokenReview (authentication.k8s.io/v1). Nothing
 * is stored: each POST answers its own object with {@code status} filled in, as kube-apiserver
 * does; every other method is 405.
 */
public final class AccessReviews {
  /** One review resource as discovery lists it. */
  public record Endpoint(
      String group, String version, String plural, String kind, boolean namespaced) {
    public ResourceType type() {
      return ResourceType.builtin(group, version, plural, kind, namespaced, true);
    }
  }

  public static final String AUTHENTICATION = "authentication.k8s.io";
  static final String AUTHORIZATION = "authorization.k8s.io";

  /** Sorted by name within each group, as kube-apiserver's discovery lists them. */
  public static final List<Endpoint> ENDPOINTS =
      List.of(
          new Endpoint(AUTHENTICATION, "v1", "selfsubjectreviews", "SelfSubjectReview", false),
          new Endpoint(AUTHENTICATION, "v1", "tokenreviews", "TokenReview", false),
          new Endpoint(
              AUTHORIZATION, "v1", "localsubjectaccessreviews", "LocalSubjectAccessReview", true),
          new Endpoint(
              AUTHORIZATION, "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", false),
          new Endpoint(
              AUTHORIZATION, "v1", "selfsubjectrulesreviews", "SelfSubjectRulesReview", false),
          new Endpoint(AUTHORIZATION, "v1", "subjectaccessreviews", "SubjectAccessReview", false));

  /** A request path that names a review: the endpoint and the namespace of a local one. */
  public record Target(Endpoint endpoint, String namespace) {}

  private final Authorization authorization;

  public AccessReviews(Authorization authorization) {
    this.authorization = authorization;
  }

  /** The review a path after {@code /apis/<group>/<version>/} names, or null. */
  public static Target target(String group, String version, List<String> rest) {
    for (Endpoint e : ENDPOINTS) {
      if (!e.group().equals(group) || !e.version().equals(version)) {
        continue;
      }
      if (!e.namespaced() && rest.size() == 1 && rest.get(0).equals(e.plural())) {
        return new Target(e, null);
      }
      if (e.namespaced()
          && rest.size() == 3
          && rest.get(0).equals("namespaces")
          && rest.get(2).equals(e.plural())) {
        return new Target(e, rest.get(1));
      }
    }
    return null;
  }

  /** Whether discovery serves this group version (only for the review groups). */
  public static boolean servesGroupVersion(String group, String version) {
    return ENDPOINTS.stream().anyMatch(e -> e.group().equals(group) && e.version().equals(version));
  }

  /** Answers a review for the user the request runs as. */
  public ObjectNode create(Target target, ObjectNode body, UserInfo user, WriteOpts opts) {
    Endpoint e = target.endpoint();
    ObjectNode review = Json.object();
    review.put("kind", e.kind());
    review.put("apiVersion", e.group() + "/" + e.version());
    ObjectNode meta = review.putObject("metadata");
    if (target.namespace() != null) {
      meta.put("namespace", target.namespace());
    }
    JsonNode bodyMeta = body.path("metadata");
    ObjectNode spec = body.get("spec") instanceof ObjectNode s ? s.deepCopy() : Json.object();
    review.set("spec", spec);
    ResourceType t = e.type();
    ObjectNode status =
        switch (e.plural()) {
          case "selfsubjectaccessreviews" -> {
            requireEmptyMeta(t, bodyMeta, false);
            yield accessReview(t, spec, user, false);
          }
          case "subjectaccessreviews" -> {
            requireEmptyMeta(t, bodyMeta, false);
            yield accessReview(t, spec, subject(spec), true);
          }
          case "localsubjectaccessreviews" -> {
            requireEmptyMeta(t, bodyMeta, true);
            yield localAccessReview(t, target.namespace(), bodyMeta, spec);
          }
          case "selfsubjectrulesreviews" -> {
            String namespace = spec.path("namespace").asText("");
            if (namespace.isEmpty()) {
              throw ApiException.badRequest("no namespace on request");
            }
            // kube answers a fresh object: the spec does not come back
            review.set("spec", Json.object());
            yield rulesReview(user, namespace);
          }
          case "selfsubjectreviews" -> {
            review.remove("spec");
            ObjectNode s = Json.object();
            s.set("userInfo", userInfo(user));
            yield s;
          }
          case "tokenreviews" -> tokenReview(spec);
          default -> throw new IllegalStateException(e.plural());
        };
    if (e.plural().equals("selfsubjectreviews")) {
      meta.put("creationTimestamp", Json.now());
    } else {
      meta.put("creationTimestamp", (String) null);
    }
    if (!e.plural().equals("selfsubjectrulesreviews") && !e.plural().equals("selfsubjectreviews")) {
      // The request object comes back, with what the field manager recorded of it.
      ManagedFields.write(
          review,
          requestFields(
              review,
              t,
              opts.manager(),
              null,
              List.of("resourceAttributes", "nonResourceAttributes", "extra")));
    }
    review.set("status", status);
    return review;
  }

  // ------------------------------------------------------------------ access reviews

  private ObjectNode accessReview(ResourceType t, ObjectNode spec, UserInfo user, boolean subject) {
    JsonNode ra = spec.get("resourceAttributes");
    JsonNode nra = spec.get("nonResourceAttributes");
    List<ApiException.Cause> causes = attributeErrors(ra, nra);
    if (subject
        && spec.path("user").asText("").isEmpty()
        && strings(spec.get("groups")).isEmpty()) {
      causes.add(
          FieldErrors.invalid(
              "spec.user",
              spec.path("user").isMissingNode() ? Json.F.textNode("") : spec.get("user"),
              "at least one of user or group must be specified"));
    }
    if (!causes.isEmpty()) {
      throw invalid(t, causes);
    }
    return decide(user, ra, nra);
  }

  private ObjectNode localAccessReview(
      ResourceType t, String namespace, JsonNode bodyMeta, ObjectNode spec) {
    String bodyNs = bodyMeta.path("namespace").asText("");
    if (!bodyNs.isEmpty() && !bodyNs.equals(namespace)) {
      throw ApiException.badRequest(
          "the namespace of the provided object does not match the namespace sent on the request");
    }
    JsonNode ra = spec.get("resourceAttributes");
    JsonNode nra = spec.get("nonResourceAttributes");
    List<ApiException.Cause> causes = attributeErrors(ra, nra);
    if (spec.path("user").asText("").isEmpty() && strings(spec.get("groups")).isEmpty()) {
      causes.add(
          FieldErrors.invalid(
              "spec.user",
              Json.F.textNode(spec.path("user").asText("")),
              "at least one of user or group must be specified"));
    }
    if (ra != null && ra.isObject() && !ra.path("namespace").asText("").equals(namespace)) {
      causes.add(
          FieldErrors.invalid(
              "spec.resourceAttributes.namespace",
              Json.F.textNode(ra.path("namespace").asText("")),
              "must match metadata.namespace"));
    }
    if (nra != null && nra.isObject()) {
      causes.add(
          FieldErrors.invalidRendered(
              "spec.nonResourceAttributes",
              goAttributes(nra),
              "disallowed on this kind of request"));
    }
    if (!causes.isEmpty()) {
      throw invalid(t, causes);
    }
    return decide(subject(spec), ra, nra);
  }

  /** ValidateSubjectAccessReviewSpec's rule: exactly one of the two attribute kinds. */
  private static List<ApiException.Cause> attributeErrors(JsonNode ra, JsonNode nra) {
    boolean hasRa = ra != null && ra.isObject();
    boolean hasNra = nra != null && nra.isObject();
    List<ApiException.Cause> causes = new ArrayList<>();
    if (hasRa && hasNra) {
      causes.add(
          FieldErrors.invalidRendered(
              "spec.nonResourceAttributes",
              goAttributes(nra),
              "cannot be specified in combination with resourceAttributes"));
    }
    if (!hasRa && !hasNra) {
      causes.add(
          FieldErrors.invalid(
              "spec.resourceAttributes",
              Json.F.textNode("null"),
              "exactly one of nonResourceAttributes or resourceAttributes must be specified"));
    }
    return causes;
  }

  /** How Go's %#v prints the internal NonResourceAttributes struct in a field error. */
  private static String goAttributes(JsonNode nra) {
    return "authorization.NonResourceAttributes{Path:"
        + GoText.quote(nra.path("path").asText(""))
        + ", Verb:"
        + GoText.quote(nra.path("verb").asText(""))
        + "}";
  }

  /** The user a SubjectAccessReview asks about, as its spec gives it. */
  private static UserInfo subject(ObjectNode spec) {
    Map<String, List<String>> extra = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = spec.path("extra").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> x = it.next();
      extra.put(x.getKey(), strings(x.getValue()));
    }
    return new UserInfo(
        spec.path("user").asText(""),
        spec.path("uid").asText(""),
        strings(spec.get("groups")),
        extra);
  }

  /** Status of an access review: the authorizer chain's decision and reason. */
  private ObjectNode decide(UserInfo user, JsonNode ra, JsonNode nra) {
    Attributes a;
    if (ra != null && ra.isObject()) {
      a =
          Attributes.resource(
              user,
              ra.path("verb").asText(""),
              ra.path("group").asText(""),
              ra.path("resource").asText(""),
              ra.path("subresource").asText(""),
              ra.path("namespace").asText(""),
              ra.path("name").asText(""));
    } else {
      a =
          new Attributes(
              user,
              nra.path("verb").asText(""),
              false,
              nra.path("path").asText(""),
              "",
              "",
              "",
              "",
              "",
              "");
    }
    Rbac.Decision d =
        authorization.enabled() ? authorization.rbac.explain(a) : new Rbac.Decision(true, "");
    ObjectNode status = Json.object();
    status.put("allowed", d.allowed());
    if (!d.reason().isEmpty()) {
      status.put("reason", d.reason());
    }
    return status;
  }

  // ------------------------------------------------------------------ rules and identity

  /** What RBAC grants {@code user} in {@code namespace}, split as the rules review reports it. */
  private ObjectNode rulesReview(UserInfo user, String namespace) {
    Rbac.RuleSet rules = authorization.rbac.rulesFor(user, namespace);
    ObjectNode status = Json.object();
    ArrayNode resourceRules = status.putArray("resourceRules");
    ArrayNode nonResourceRules = status.putArray("nonResourceRules");
    for (PolicyRule r : rules.rules()) {
      if (!r.resources().isEmpty()) {
        ObjectNode rr = resourceRules.addObject();
        strings(rr, "verbs", r.verbs());
        if (!r.apiGroups().isEmpty()) {
          strings(rr, "apiGroups", r.apiGroups());
        }
        strings(rr, "resources", r.resources());
        if (!r.resourceNames().isEmpty()) {
          strings(rr, "resourceNames", r.resourceNames());
        }
      }
      if (!r.nonResourceURLs().isEmpty()) {
        ObjectNode nr = nonResourceRules.addObject();
        strings(nr, "verbs", r.verbs());
        strings(nr, "nonResourceURLs", r.nonResourceURLs());
      }
    }
    status.put("incomplete", false);
    if (!rules.errors().isEmpty()) {
      status.put("evaluationError", Rbac.aggregate(rules.errors()));
    }
    return status;
  }

  /** authentication/v1 UserInfo, empty fields left out. */
  static ObjectNode userInfo(UserInfo user) {
    ObjectNode u = Json.object();
    if (!user.name().isEmpty()) {
      u.put("username", user.name());
    }
    if (!user.uid().isEmpty()) {
      u.put("uid", user.uid());
    }
    if (!user.groups().isEmpty()) {
      strings(u, "groups", user.groups());
    }
    if (!user.extra().isEmpty()) {
      ObjectNode extra = u.putObject("extra");
      user.extra().forEach((k, v) -> strings(extra, k, v));
    }
    return u;
  }

  /** TokenReview: whether a token authenticates here, for which audiences, as whom. */
  private ObjectNode tokenReview(ObjectNode spec) {
    String token = spec.path("token").asText("");
    if (token.isEmpty()) {
      throw ApiException.badRequest("token is required for TokenReview in authentication");
    }
    List<String> wanted = strings(spec.get("audiences"));
    if (wanted.isEmpty()) {
      wanted = ServiceAccountTokens.API_AUDIENCES;
    }
    UserInfo user = authorization.staticUser(token);
    List<String> audiences = wanted;
    if (user == null) {
      ServiceAccountTokens.Verified v = authorization.serviceAccountTokens.verify(token, wanted);
      user = v == null ? null : v.user();
      audiences = v == null ? List.of() : v.audiences();
    }
    ObjectNode status = Json.object();
    if (user == null) {
      status.putObject("user");
      status.put("error", "[invalid bearer token, token lookup failed]");
      return status;
    }
    status.put("authenticated", true);
    status.set("user", userInfo(user));
    strings(status, "audiences", audiences);
    return status;
  }

  // ------------------------------------------------------------------ helpers

  /**
   * What kube's field manager records of a request it compares with the kind's zero value: every
   * field the request sets, and ({@code "."}) each pointer struct or map under {@code spec} that
   * the zero value lacks, since those are added whole.
   */
  static List<ManagedFields.Entry> requestFields(
      ObjectNode request, ResourceType t, String manager, String sub, List<String> addedWhole) {
    List<ManagedFields.Entry> entries =
        ManagedFields.afterUpdate(new ArrayList<>(), null, request, t, manager, sub);
    for (ManagedFields.Entry e : entries) {
      for (String f : addedWhole) {
        if (request.path("spec").get(f) instanceof ObjectNode o && !o.isEmpty()) {
          ManagedFields.insert(e.fields, List.of("f:spec", "f:" + f));
        }
      }
    }
    return entries;
  }

  /** SelfSubjectAccessReview and its kin accept no metadata (a local one: a namespace). */
  private static void requireEmptyMeta(ResourceType t, JsonNode meta, boolean namespaceAllowed) {
    Iterator<String> it = meta.fieldNames();
    while (it.hasNext()) {
      String f = it.next();
      if (f.equals("managedFields") || (namespaceAllowed && f.equals("namespace"))) {
        continue;
      }
      if (!isZero(meta.get(f))) {
        throw invalid(
            t,
            List.of(
                FieldErrors.invalidRendered(
                    "metadata",
                    "v1.ObjectMeta{...}",
                    namespaceAllowed ? "must be empty except for namespace" : "must be empty")));
      }
    }
  }

  /** Go's zero value (protobuf bodies from Go clients carry zero numbers and false). */
  private static boolean isZero(JsonNode v) {
    return v == null
        || v.isNull()
        || (v.isTextual() && v.asText().isEmpty())
        || (v.isNumber() && v.asDouble() == 0)
        || (v.isBoolean() && !v.asBoolean())
        || (v.isContainerNode() && v.isEmpty());
  }

  /** NewInvalid with an empty name, as the review handlers raise it. */
  private static ApiException invalid(ResourceType t, List<ApiException.Cause> causes) {
    ApiException e = ApiException.invalid(t, "", causes);
    return new ApiException(e.code, e.reason, e.getMessage(), null, e.group, e.kind, e.causes);
  }

  private static List<String> strings(JsonNode arr) {
    return Json.strings(arr);
  }

  private static void strings(ObjectNode o, String field, List<String> values) {
    ArrayNode a = o.putArray(field);
    values.forEach(a::add);
  }
}
