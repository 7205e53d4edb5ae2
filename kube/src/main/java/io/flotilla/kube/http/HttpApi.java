package io.flotilla.kube.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.flotilla.kube.admission.WriteOpts;
import io.flotilla.kube.auth.AccessReviews;
import io.flotilla.kube.auth.Authorization;
import io.flotilla.kube.auth.TokenRequests;
import io.flotilla.kube.auth.UserInfo;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.QueryParams;
import io.flotilla.kube.base.ResourceType;
import io.flotilla.kube.core.ApiCore;
import io.flotilla.kube.proto.ProtoJson;
import io.flotilla.kube.proto.ProtoWire;
import io.flotilla.kube.store.WriteAheadLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps Kubernetes REST paths and verbs onto {@link ApiCore}; writes JSON and Status errors. */
public final class HttpApi implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  static final int MAX_BODY = 8 * 1024 * 1024;

  /**
   * Set while serving a request whose answers go out in protobuf (a built-in kind, Accept prefers
   * it). Not an exchange attribute: the JDK server keeps those per context, shared by all requests.
   */
  private static final ThreadLocal<Boolean> PROTOBUF = new ThreadLocal<>();

  private final ApiCore core;
  private final Discovery discovery;
  private final Watches watches;
  private final OpenApi openApi;
  private volatile String serverAddress = "127.0.0.1:0";
  private volatile Authorization authorization;
  private final ScaleSubresource scale;
  private volatile TokenRequests tokenRequests;
  private volatile AccessReviews accessReviews;
  private volatile java.util.function.Consumer<ApiRequest> requestListener;

  public HttpApi(ApiCore core, Watches watches) {
    this.core = core;
    this.discovery = new Discovery(core.registry, core.store);
    this.scale = new ScaleSubresource(core);
    this.watches = watches;
    this.openApi = new OpenApi(core.registry);
  }

  public void requestListener(java.util.function.Consumer<ApiRequest> listener) {
    this.requestListener = listener;
  }

  /** Authenticates and authorizes every request from now on. */
  public void authorization(Authorization authorization) {
    this.authorization = authorization;
    this.tokenRequests =
        new TokenRequests(
            core.store, authorization.serviceAccountTokens, java.time.Clock.systemUTC());
    this.accessReviews = new AccessReviews(authorization);
  }

  public void serverAddress(String address) {
    this.serverAddress = address;
  }

  /** A parsed resource path. */
  record Target(
      ResourceType type, String namespace, String name, String subresource, boolean legacyWatch) {}

  @Override
  public void handle(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getRawPath();
    var listener = requestListener;
    if (listener != null) {
      var headers = ex.getRequestHeaders();
      listener.accept(
          new ApiRequest(
              method,
              path,
              ex.getRequestURI().getRawQuery(),
              headers.getFirst("Content-Type"),
              headers.getFirst("User-Agent")));
    }
    try {
      Map<String, List<String>> q = query(ex.getRequestURI().getRawQuery());
      Authorization authz = authorization;
      if (authz == null) {
        route(ex, method, path, q);
      } else {
        try (Authorization.Scope scope = authz.enter(ex.getRequestHeaders(), method, path, q)) {
          route(ex, method, path, q);
        }
      }
    } catch (ApiException e) {
      if (e.code >= 500 && e.code != 503) {
        LOG.warn("{} {} -> {} {}", method, path, e.code, e.getMessage());
      } else {
        LOG.debug("{} {} -> {} {}", method, path, e.code, e.getMessage());
      }
      send(ex, e.code, e.toStatus());
    } catch (IOException e) {
      LOG.debug("{} {}: connection closed: {}", method, path, e.toString());
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", method, path, e);
      ApiException ie =
          new ApiException(
              500, "InternalError", "Internal error occurred: " + e, null, null, null, List.of());
      send(ex, 500, ie.toStatus());
    } finally {
      PROTOBUF.remove();
      ex.close();
    }
  }

  private void route(HttpExchange ex, String method, String path, Map<String, List<String>> q)
      throws IOException {
    List<String> seg = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        seg.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
      }
    }
    if (seg.isEmpty()) {
      ObjectNode paths = Json.object();
      paths.putArray("paths").add("/api").add("/api/v1").add("/apis").add("/version");
      send(ex, 200, paths);
      return;
    }
    switch (seg.get(0)) {
      case "version" -> {
        send(ex, 200, Discovery.version());
        return;
      }
      case "healthz", "livez", "readyz" -> {
        sendText(ex, 200, "ok");
        return;
      }
      case "openapi" -> {
        if (!method.equals("GET")) {
          throw ApiException.notImplemented(method, path);
        }
        openApi.serve(ex, seg, q);
        return;
      }
      case "api" -> {
        if (seg.size() == 1) {
          send(ex, 200, discovery.coreVersions(serverAddress));
          return;
        }
        resource(ex, method, path, q, "", seg.get(1), seg.subList(2, seg.size()));
        return;
      }
      case "apis" -> {
        if (seg.size() == 1) {
          send(ex, 200, discovery.groupList());
          return;
        }
        if (seg.size() == 2) {
          ObjectNode g = discovery.group(seg.get(1));
          if (g == null) {
            throw pageNotFound();
          }
          send(ex, 200, g);
          return;
        }
        resource(ex, method, path, q, seg.get(1), seg.get(2), seg.subList(3, seg.size()));
        return;
      }
      default -> throw pageNotFound();
    }
  }

  private static ApiException pageNotFound() {
    return ApiException.notFoundPlain("the server could not find the requested resource");
  }

  private void resource(
      HttpExchange ex,
      String method,
      String path,
      Map<String, List<String>> q,
      String group,
      String version,
      List<String> rest)
      throws IOException {
    if (rest.isEmpty()) {
      ObjectNode list = discovery.resources(group, version);
      if (list == null) {
        throw pageNotFound();
      }
      if (!method.equals("GET")) {
        throw ApiException.methodNotAllowed();
      }
      send(ex, 200, list);
      return;
    }
    AccessReviews.Target review = AccessReviews.target(group, version, rest);
    if (review != null) {
      review(ex, method, q, review);
      return;
    }
    Target target = parse(group, version, rest, method, path);
    ResourceType t = target.type();
    String ns = target.namespace();
    String name = target.name();
    boolean status = "status".equals(target.subresource());
    String dryRunParam = first(q, "dryRun");
    boolean dryRun = false;
    if (dryRunParam != null) {
      if (!dryRunParam.equals("All")) {
        throw ApiException.badRequest(
            "Invalid dryRun value \"" + dryRunParam + "\": valid values are \"All\"");
      }
      dryRun = true;
    }
    WriteOpts opts =
        new WriteOpts(
            dryRun,
            first(q, "fieldManager"),
            "true".equals(first(q, "force")),
            ex.getRequestHeaders().getFirst("User-Agent"),
            QueryRules.fieldValidation(q, method),
            new ArrayList<>());
    String accept = ex.getRequestHeaders().getFirst("Accept");
    Tables.Request table = method.equals("GET") ? Tables.Request.parse(accept, q) : null;
    boolean protobuf = table == null && !t.isCustom() && ProtoWire.prefersProtobuf(accept);
    if (protobuf) {
      PROTOBUF.set(Boolean.TRUE);
    }
    String upgrade = ex.getRequestHeaders().getFirst("Upgrade");
    if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
      // Clients such as fabric8 try a WebSocket watch first and fall back to HTTP streaming on 503.
      throw new ApiException(
          503,
          "ServiceUnavailable",
          "WebSocket watches are not supported by the embedded API server; use a streaming HTTP"
              + " watch (?watch=true)",
          null,
          null,
          null,
          List.of());
    }
    if (target.subresource() != null && !status) {
      // scale and token: the only other subresources parse() lets through
      if (method.equals("PATCH")) {
        QueryRules.checkPatch(q, ex.getRequestHeaders().getFirst("Content-Type"));
      }
      ObjectNode answer =
          target.subresource().equals(ScaleSubresource.NAME)
              ? scale.serve(ex, method, target, opts, accept != null && accept.contains("as=Table"))
              : createToken(ex, method, target, opts);
      QueryRules.warnings(ex, opts);
      send(ex, method.equals("POST") ? 201 : 200, answer);
      return;
    }
    switch (method) {
      case "GET" -> {
        boolean watch = target.legacyWatch() || isTrue(first(q, "watch"));
        QueryRules.checkRead(q, watch, core.store.resourceVersion(), method, path);
        if (watch) {
          String fieldSelector = first(q, "fieldSelector");
          if (name != null) {
            fieldSelector =
                "metadata.name=" + name + (fieldSelector == null ? "" : "," + fieldSelector);
          }
          watches.serve(
              ex,
              t,
              ns,
              first(q, "labelSelector"),
              fieldSelector,
              first(q, "resourceVersion"),
              parseLong(first(q, "timeoutSeconds"), 0),
              isTrue(first(q, "allowWatchBookmarks")),
              protobuf,
              table == null ? null : Tables.watch(t, table));
          return;
        }
        if (name == null) {
          ObjectNode list =
              core.list(
                  t,
                  ns,
                  new ApiCore.ListOpts(
                      first(q, "labelSelector"),
                      first(q, "fieldSelector"),
                      parseLong(first(q, "limit"), 0),
                      first(q, "continue")));
          send(ex, 200, table == null ? list : Tables.list(t, list, table, Instant.now()));
        } else {
          ObjectNode o = core.get(t, ns, name);
          send(ex, 200, table == null ? o : Tables.single(t, o, table, Instant.now()));
        }
      }
      case "POST" -> {
        if (name != null || (t.namespaced() && ns == null)) {
          throw ApiException.methodNotAllowed();
        }
        ObjectNode body = objectBody(ex, t);
        ObjectNode created = core.create(t, ns, body, opts);
        QueryRules.warnings(ex, opts);
        send(ex, 201, created);
      }
      case "PUT" -> {
        requireName(name);
        ObjectNode body = objectBody(ex, t);
        ObjectNode updated = core.update(t, ns, name, body, status, opts);
        QueryRules.warnings(ex, opts);
        send(ex, 200, updated);
      }
      case "PATCH" -> {
        requireName(name);
        QueryRules.checkPatch(q, ex.getRequestHeaders().getFirst("Content-Type"));
        byte[] body = readBody(ex);
        boolean existed = core.exists(t, ns, name);
        ObjectNode out =
            core.patch(
                t, ns, name, ex.getRequestHeaders().getFirst("Content-Type"), body, status, opts);
        QueryRules.warnings(ex, opts);
        send(ex, existed ? 200 : 201, out);
      }
      case "DELETE" -> {
        if (status) {
          throw ApiException.methodNotAllowed();
        }
        QueryRules.checkDelete(q);
        ApiCore.DeleteOpts d = deleteOpts(ex, q, dryRun);
        if (name == null) {
          if (t.namespaced() && ns == null && !isTrue(first(q, "allNamespaces"))) {
            // kube-apiserver allows cluster-wide deletecollection; so do we.
          }
          send(
              ex,
              200,
              core.deleteCollection(
                  t,
                  ns,
                  new ApiCore.ListOpts(
                      first(q, "labelSelector"), first(q, "fieldSelector"), 0, null),
                  d));
          return;
        }
        ApiCore.Deleted res = core.delete(t, ns, name, d);
        if (res.gone() && !t.isCustom() && !t.is("", "pods")) {
          ObjectNode s = Json.object();
          s.put("kind", "Status");
          s.put("apiVersion", "v1");
          s.putObject("metadata");
          s.put("status", "Success");
          ObjectNode details = s.putObject("details");
          details.put("name", name);
          if (!t.group().isEmpty()) {
            details.put("group", t.group());
          }
          details.put("kind", t.plural());
          details.put("uid", Json.text(res.object(), "metadata", "uid"));
          send(ex, 200, s);
        } else {
          send(ex, 200, res.object());
        }
      }
      default -> throw ApiException.methodNotAllowed();
    }
  }

  private Target parse(
      String group, String version, List<String> rest, String method, String path) {
    boolean legacyWatch = false;
    List<String> r = rest;
    if (r.get(0).equals("watch")) {
      legacyWatch = true;
      r = r.subList(1, r.size());
      if (r.isEmpty()) {
        throw pageNotFound();
      }
    }
    String ns = null;
    String resource;
    String name = null;
    String sub = null;
    boolean nsSub =
        group.isEmpty()
            && r.size() == 3
            && r.get(0).equals("namespaces")
            && (r.get(2).equals("status") || r.get(2).equals("finalize"));
    if (r.get(0).equals("namespaces") && r.size() >= 3 && !nsSub) {
      ns = r.get(1);
      resource = r.get(2);
      name = r.size() > 3 ? r.get(3) : null;
      sub = r.size() > 4 ? r.get(4) : null;
      if (r.size() > 5) {
        throw ApiException.notImplemented(method, path);
      }
    } else {
      resource = r.get(0);
      name = r.size() > 1 ? r.get(1) : null;
      sub = r.size() > 2 ? r.get(2) : null;
      if (r.size() > 3) {
        throw ApiException.notImplemented(method, path);
      }
    }
    ResourceType t = core.registry.find(group, version, resource);
    if (t == null) {
      throw pageNotFound();
    }
    if (!t.namespaced() && ns != null) {
      throw pageNotFound();
    }
    if (t.namespaced() && ns == null && name != null) {
      throw pageNotFound();
    }
    if (sub != null) {
      boolean served =
          switch (sub) {
            case "status" -> t.hasStatus();
            case ScaleSubresource.NAME -> ScaleSubresource.paths(t, core.store) != null;
            case TokenRequests.NAME -> t.is("", "serviceaccounts");
            default -> throw ApiException.notImplemented(method, path);
          };
      if (!served) {
        throw pageNotFound();
      }
    }
    if (legacyWatch && !method.equals("GET")) {
      throw ApiException.methodNotAllowed();
    }
    return new Target(t, ns, name, sub, legacyWatch);
  }

  private static void requireName(String name) {
    if (name == null) {
      throw ApiException.methodNotAllowed();
    }
  }

  private ApiCore.DeleteOpts deleteOpts(
      HttpExchange ex, Map<String, List<String>> q, boolean dryRun) throws IOException {
    String policy = first(q, "propagationPolicy");
    if ("true".equals(first(q, "orphanDependents"))) {
      policy = "Orphan";
    }
    String uid = null;
    String rv = null;
    byte[] body = readBody(ex);
    if (body.length > 0) {
      JsonNode opts =
          ProtoWire.hasMagic(body) ? ProtoWire.decodeDeleteOptions(body) : Json.parse(body);
      if (opts.hasNonNull("propagationPolicy")) {
        policy = opts.get("propagationPolicy").asText();
      }
      if (opts.path("orphanDependents").asBoolean(false)) {
        policy = "Orphan";
      }
      uid = Json.text(opts, "preconditions", "uid");
      rv = Json.text(opts, "preconditions", "resourceVersion");
      for (JsonNode d : opts.path("dryRun")) {
        dryRun |= d.asText().equals("All");
      }
    }
    if (policy != null && !List.of("Orphan", "Background", "Foreground").contains(policy)) {
      throw ApiException.badRequest(
          "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \""
              + policy
              + "\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"");
    }
    return new ApiCore.DeleteOpts(dryRun, policy, uid, rv);
  }

  /** Serves a TokenRequest: {@code POST …/serviceaccounts/<name>/token}. */
  private ObjectNode createToken(HttpExchange ex, String method, Target target, WriteOpts opts)
      throws IOException {
    if (!method.equals("POST")) {
      throw ApiException.methodNotAllowed();
    }
    ObjectNode body = objectBody(ex, TokenRequests.TOKEN_REQUEST);
    return tokenRequests.create(target.namespace(), target.name(), body, opts);
  }

  /** Serves a review (SelfSubjectAccessReview and its kin): POST only, nothing stored. */
  private void review(
      HttpExchange ex, String method, Map<String, List<String>> q, AccessReviews.Target review)
      throws IOException {
    if (ProtoWire.prefersProtobuf(ex.getRequestHeaders().getFirst("Accept"))) {
      PROTOBUF.set(Boolean.TRUE);
    }
    if (!method.equals("POST")) {
      throw ApiException.methodNotAllowed();
    }
    ObjectNode body = objectBody(ex, review.endpoint().type());
    UserInfo user = Authorization.currentUser();
    WriteOpts opts =
        new WriteOpts(
            false, first(q, "fieldManager"), false, ex.getRequestHeaders().getFirst("User-Agent"));
    send(
        ex,
        201,
        accessReviews.create(review, body, user == null ? Authorization.OPEN_ADMIN : user, opts));
  }

  static ObjectNode objectBody(HttpExchange ex, ResourceType t) throws IOException {
    String ct = ex.getRequestHeaders().getFirst("Content-Type");
    byte[] body = readBody(ex);
    JsonNode n;
    if (ProtoWire.isProtobuf(ct)) {
      if (t.isCustom()) {
        // as kube-apiserver: custom resources have no protobuf form
        throw ApiException.unsupportedMediaType(
            "the body of the request was in an unknown format - accepted media types include:"
                + " application/json, application/yaml");
      }
      return ProtoWire.decode(body, t.apiVersion(), t.kind());
    }
    if (ct != null && ct.contains("yaml")) {
      n = Json.parseYamlOrJson(body);
    } else {
      n = Json.parse(body);
    }
    if (!(n instanceof ObjectNode o)) {
      throw ApiException.badRequest("the request body must be a JSON object");
    }
    return o;
  }

  static byte[] readBody(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      byte[] b = in.readNBytes(MAX_BODY + 1);
      if (b.length > MAX_BODY) {
        throw ApiException.tooLarge("the request body is larger than " + MAX_BODY + " bytes");
      }
      return b;
    }
  }

  static void send(HttpExchange ex, int code, JsonNode body) throws IOException {
    WriteAheadLog.awaitOwnWrites(); // a write is answered once it is durable
    byte[] b = PROTOBUF.get() == null ? null : protobuf(body);
    String contentType = ProtoWire.MEDIA_TYPE;
    if (b == null) {
      b = Json.bytes(body);
      contentType = "application/json";
    }
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.getResponseHeaders().set("Cache-Control", "no-cache, private");
    ex.sendResponseHeaders(code, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  private static byte[] protobuf(JsonNode body) {
    try {
      return ProtoWire.encode(body);
    } catch (ProtoJson.Malformed e) {
      // a built-in object stored with a field of the wrong type (we do not type-check them): JSON
      LOG.debug("answering in JSON, no protobuf form: {}", e.getMessage());
      return null;
    }
  }

  private static void sendText(HttpExchange ex, int code, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(code, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  public static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return out;
  }

  public static String first(Map<String, List<String>> q, String key) {
    return QueryParams.first(q, key);
  }

  private static boolean isTrue(String v) {
    return v != null && (v.equals("true") || v.equals("1"));
  }

  private static long parseLong(String v, long dflt) {
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid number: " + v);
    }
  }
}
