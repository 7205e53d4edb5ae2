package io.flotilla.kube.http;

import static io.flotilla.kube.http.Exchanges.first;
import static io.flotilla.kube.http.Exchanges.isTrue;
import static io.flotilla.kube.http.Exchanges.objectBody;
import static io.flotilla.kube.http.Exchanges.parseLong;
import static io.flotilla.kube.http.Exchanges.readBody;
import static io.flotilla.kube.http.Exchanges.send;
import static io.flotilla.kube.http.Exchanges.sendText;

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
import io.flotilla.kube.base.ResourceType;
import io.flotilla.kube.core.ApiCore;
import io.flotilla.kube.core.DeleteOpts;
import io.flotilla.kube.core.ListOpts;
import io.flotilla.kube.proto.ProtoWire;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps Kubernetes REST paths and verbs onto {@link ApiCore}; writes JSON and Status errors. */
public final class HttpApi implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

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
      Map<String, List<String>> q = Exchanges.query(ex.getRequestURI().getRawQuery());
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
      Exchanges.requestDone();
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
            throw Target.pageNotFound();
          }
          send(ex, 200, g);
          return;
        }
        resource(ex, method, path, q, seg.get(1), seg.get(2), seg.subList(3, seg.size()));
        return;
      }
      default -> throw Target.pageNotFound();
    }
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
        throw Target.pageNotFound();
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
    Target target = Target.parse(core.registry, core.store, group, version, rest, method, path);
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
      Exchanges.answerInProtobuf();
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
                  new ListOpts(
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
        DeleteOpts d = DeleteRequests.options(ex, q, dryRun);
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
                  new ListOpts(first(q, "labelSelector"), first(q, "fieldSelector"), 0, null),
                  d));
          return;
        }
        ApiCore.Deleted res = core.delete(t, ns, name, d);
        boolean answerStatus = res.gone() && !t.isCustom() && !t.is("", "pods");
        send(ex, 200, answerStatus ? DeleteRequests.success(t, name, res.object()) : res.object());
      }
      default -> throw ApiException.methodNotAllowed();
    }
  }

  private static void requireName(String name) {
    if (name == null) {
      throw ApiException.methodNotAllowed();
    }
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
      Exchanges.answerInProtobuf();
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

  /** Query parameters as every handler sees them (decoded, repeated keys kept in order). */
  public static Map<String, List<String>> query(String raw) {
    return Exchanges.query(raw);
  }
}
