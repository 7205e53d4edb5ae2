package io.flotilla.kube.http;

import com.sun.net.httpserver.HttpExchange;
import io.flotilla.kube.admission.Admission;
import io.flotilla.kube.admission.WriteOpts;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.FieldErrors;
import io.flotilla.kube.base.Json;
import java.util.List;
import java.util.Map;

/**
 * Query parameters that change what a request means. The ones this server honours are checked the
 * way the real server checks its option structs (422 on {@code CreateOptions}, {@code ListOptions},
 * ...); the ones it cannot honour fail with 501 instead of being silently ignored.
 */
final class QueryRules {
  private QueryRules() {}

  /** The {@code fieldValidation} directive of a write, or null (the server default, Warn). */
  static String fieldValidation(Map<String, List<String>> q, String method) {
    String v = Exchanges.first(q, "fieldValidation");
    if (v == null || v.isEmpty()) {
      return null;
    }
    if (!List.of(Admission.IGNORE, Admission.WARN, Admission.STRICT).contains(v)) {
      String options =
          switch (method) {
            case "POST" -> "CreateOptions";
            case "PUT" -> "UpdateOptions";
            default -> "PatchOptions";
          };
      throw optionsInvalid(
          options,
          FieldErrors.notSupported(
              "fieldValidation",
              Json.F.textNode(v),
              List.of(Admission.IGNORE, Admission.WARN, Admission.STRICT)));
    }
    return v;
  }

  /** {@code force} belongs to server-side apply only. */
  static void checkPatch(Map<String, List<String>> q, String contentType) {
    String ct = contentType == null ? "" : contentType.split(";")[0].trim();
    if (q.containsKey("force") && !ct.startsWith("application/apply-patch")) {
      throw optionsInvalid(
          "PatchOptions",
          FieldErrors.forbidden("force", "may not be specified for non-apply patch"));
    }
  }

  /**
   * Checks {@code resourceVersionMatch} and {@code sendInitialEvents} of a list or watch.
   *
   * @param currentRv the store's resourceVersion now
   */
  static void checkRead(
      Map<String, List<String>> q, boolean watch, long currentRv, String method, String path) {
    String match = Exchanges.first(q, "resourceVersionMatch");
    String rv = Exchanges.first(q, "resourceVersion");
    String initial = Exchanges.first(q, "sendInitialEvents");
    if (initial != null && !initial.isEmpty() && !initial.equals("false")) {
      // A streaming list (watch-list) would need the initial-events-end bookmark; not served.
      throw ApiException.notImplemented(method, path + "?sendInitialEvents=" + initial);
    }
    if (match == null || match.isEmpty()) {
      return;
    }
    if (!List.of("NotOlderThan", "Exact").contains(match)) {
      throw optionsInvalid(
          "ListOptions",
          FieldErrors.notSupported(
              "resourceVersionMatch",
              Json.F.textNode(match),
              List.of("Exact", "NotOlderThan", "")));
    }
    if (watch) {
      throw optionsInvalid(
          "ListOptions",
          FieldErrors.forbidden(
              "resourceVersionMatch", "resourceVersionMatch is forbidden for watch"));
    }
    if (rv == null || rv.isEmpty()) {
      throw optionsInvalid(
          "ListOptions",
          FieldErrors.forbidden(
              "resourceVersionMatch",
              "resourceVersionMatch is forbidden unless resourceVersion is provided"));
    }
    long wanted;
    try {
      wanted = Long.parseLong(rv);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid resource version: " + rv);
    }
    if (match.equals("NotOlderThan") && wanted > currentRv) {
      throw new ApiException(
          504,
          "Timeout",
          "Too large resource version: " + wanted + ", current: " + currentRv,
          null,
          null,
          null,
          List.of());
    }
    if (match.equals("Exact") && wanted != currentRv) {
      // Lists are served from the newest state only; there are no snapshots of older ones.
      throw ApiException.notImplemented(
          method, path + "?resourceVersion=" + rv + "&resourceVersionMatch=Exact");
    }
  }

  /** {@code gracePeriodSeconds}: a number; objects here have no graceful deletion to wait for. */
  static void checkDelete(Map<String, List<String>> q) {
    String grace = Exchanges.first(q, "gracePeriodSeconds");
    if (grace != null && !grace.isEmpty()) {
      try {
        Long.parseLong(grace);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("invalid gracePeriodSeconds: " + grace);
      }
    }
  }

  /** Adds one {@code Warning: 299 - "..."} header per warning a write produced. */
  static void warnings(HttpExchange ex, WriteOpts opts) {
    if (opts.warnings() == null) {
      return;
    }
    for (String w : opts.warnings()) {
      ex.getResponseHeaders()
          .add("Warning", "299 - \"" + w.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    }
  }

  private static ApiException optionsInvalid(String kind, ApiException.Cause cause) {
    return new ApiException(
        422,
        "Invalid",
        kind + ".meta.k8s.io \"\" is invalid: " + cause.field() + ": " + cause.message(),
        "",
        "meta.k8s.io",
        kind,
        List.of(cause));
  }
}
