package io.flotilla.kube.auth;

import io.flotilla.kube.base.QueryParams;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a request asks to do, in the terms authorizers use: the verb and, for resource requests,
 * group, resource, subresource, namespace and name. Derived from the path alone, exactly as
 * kube-apiserver's request-info parser does (so unknown resources are authorized too).
 */
record Attributes(
    UserInfo user,
    String verb,
    boolean resourceRequest,
    String path,
    String apiGroup,
    String apiVersion,
    String resource,
    String subresource,
    String namespace,
    String name) {

  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");
  private static final Set<String> SPECIAL_VERBS = Set.of("proxy", "watch");

  static Attributes resource(
      UserInfo user,
      String verb,
      String group,
      String resource,
      String subresource,
      String namespace,
      String name) {
    return new Attributes(user, verb, true, "", group, "*", resource, subresource, namespace, name);
  }

  String combinedResource() {
    return subresource.isEmpty() ? resource : resource + "/" + subresource;
  }

  Attributes withVerb(String v) {
    return new Attributes(
        user,
        v,
        resourceRequest,
        path,
        apiGroup,
        apiVersion,
        resource,
        subresource,
        namespace,
        name);
  }

  /** Parses a request the way kube-apiserver's RequestInfoFactory does. */
  static Attributes parse(
      UserInfo user, String method, String rawPath, Map<String, List<String>> query) {
    String path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
    List<String> parts = new ArrayList<>();
    for (String s : path.replaceAll("^/+|/+$", "").split("/")) {
      parts.add(s);
    }
    String lower = method.toLowerCase(java.util.Locale.ROOT);
    Attributes nonResource = new Attributes(user, lower, false, path, "", "", "", "", "", "");
    if (parts.size() < 3 || !(parts.get(0).equals("api") || parts.get(0).equals("apis"))) {
      return nonResource;
    }
    boolean groupless = parts.get(0).equals("api");
    List<String> cur = parts.subList(1, parts.size());
    String group = "";
    if (!groupless) {
      if (cur.size() < 3) {
        return nonResource;
      }
      group = cur.get(0);
      cur = cur.subList(1, cur.size());
    }
    String version = cur.get(0);
    cur = cur.subList(1, cur.size());
    String verb;
    if (SPECIAL_VERBS.contains(cur.get(0))) {
      if (cur.size() < 2) {
        return nonResource;
      }
      verb = cur.get(0);
      cur = cur.subList(1, cur.size());
    } else {
      verb =
          switch (method) {
            case "POST" -> "create";
            case "GET", "HEAD" -> "get";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> "";
          };
    }
    String namespace = "";
    if (cur.get(0).equals("namespaces")) {
      if (cur.size() > 1) {
        namespace = cur.get(1);
        if (cur.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(cur.get(2))) {
          cur = cur.subList(2, cur.size());
        }
      }
    }
    String resource = cur.get(0);
    String name = cur.size() >= 2 ? cur.get(1) : "";
    String sub = cur.size() >= 3 && !verb.equals("proxy") ? cur.get(2) : "";
    if (name.isEmpty() && verb.equals("get")) {
      verb = isTrue(QueryParams.first(query, "watch")) ? "watch" : "list";
      String single = exactName(QueryParams.first(query, "fieldSelector"));
      if (single != null) {
        name = single;
      }
    }
    if (name.isEmpty() && verb.equals("delete")) {
      verb = "deletecollection";
    }
    return new Attributes(user, verb, true, path, group, version, resource, sub, namespace, name);
  }

  /** The name a field selector pins with {@code metadata.name=x} (or {@code ==}), if any. */
  private static String exactName(String selector) {
    if (selector == null) {
      return null;
    }
    for (String term : selector.split(",")) {
      String t = term.strip();
      for (String op : List.of("==", "=")) {
        if (t.startsWith("metadata.name" + op)) {
          String v = t.substring(("metadata.name" + op).length()).strip();
          if (!v.isEmpty() && !v.contains("/") && !v.equals(".") && !v.equals("..")) {
            return v;
          }
        }
      }
    }
    return null;
  }

  private static boolean isTrue(String v) {
    return v != null && List.of("1", "t", "T", "true", "TRUE", "True").contains(v);
  }
}
