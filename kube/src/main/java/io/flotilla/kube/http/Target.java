package io.flotilla.kube.http;

import io.flotilla.kube.auth.TokenRequests;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.ResourceType;
import io.flotilla.kube.core.Registry;
import io.flotilla.kube.store.Store;
import java.util.List;

/**
 * A parsed resource path: {@code [watch/][namespaces/<ns>/]<resource>[/<name>[/<subresource>]]}
 * after {@code /api/<version>} or {@code /apis/<group>/<version>}.
 */
record Target(
    ResourceType type, String namespace, String name, String subresource, boolean legacyWatch) {

  /** kube-apiserver's 404 for a path it does not serve. */
  static ApiException pageNotFound() {
    return ApiException.notFoundPlain("the server could not find the requested resource");
  }

  static Target parse(
      Registry registry,
      Store store,
      String group,
      String version,
      List<String> rest,
      String method,
      String path) {
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
    ResourceType t = registry.find(group, version, resource);
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
            case ScaleSubresource.NAME -> ScaleSubresource.paths(t, store) != null;
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
}
