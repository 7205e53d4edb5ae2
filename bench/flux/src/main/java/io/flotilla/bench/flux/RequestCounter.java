package io.flotilla.bench.flux;

import io.flotilla.kube.http.ApiRequest;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Counts the embedded API's requests by Kubernetes verb and resource, e.g. {@code apply (dry-run)
 * deployments} or {@code patch kustomizations/status}. Requests from the benchmark's own client
 * (its User-Agent) are left out, so the counts are the controllers' alone.
 */
final class RequestCounter implements Consumer<ApiRequest> {
  static final String BENCH_AGENT = "flotilla-bench";
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  @Override
  public void accept(ApiRequest r) {
    if (r.userAgent() != null && r.userAgent().startsWith(BENCH_AGENT)) {
      return;
    }
    counts.computeIfAbsent(classify(r), k -> new LongAdder()).increment();
  }

  void reset() {
    counts.clear();
  }

  /** A copy of the counts, sorted by key. */
  Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** The counts summed by verb (the key's text before the resource). */
  static Map<String, Long> byVerb(Map<String, Long> detailed) {
    Map<String, Long> out = new TreeMap<>();
    detailed.forEach((k, v) -> out.merge(k.substring(0, k.lastIndexOf(' ')), v, Long::sum));
    return out;
  }

  static String classify(ApiRequest r) {
    String[] seg = r.path().replaceAll("^/+|/+$", "").split("/+");
    int i;
    if (seg.length >= 1 && seg[0].equals("api")) {
      i = 2;
    } else if (seg.length >= 1 && seg[0].equals("apis")) {
      i = 3;
    } else {
      return r.method().toLowerCase() + " /" + (seg.length == 0 ? "" : seg[0]);
    }
    if (seg.length <= i) {
      return "discovery " + String.join("/", seg);
    }
    boolean legacyWatch = seg[i].equals("watch");
    if (legacyWatch) {
      i++;
    }
    if (seg.length > i + 2 && seg[i].equals("namespaces")) {
      i += 2;
    }
    String resource = seg.length > i ? seg[i] : "?";
    boolean named = seg.length > i + 1;
    String sub = seg.length > i + 2 ? "/" + seg[i + 2] : "";
    String query = r.query() == null ? "" : r.query();
    String type = r.contentType() == null ? "" : r.contentType();
    String verb =
        switch (r.method()) {
          case "GET" ->
              legacyWatch || query.contains("watch=true") || query.contains("watch=1")
                  ? "watch"
                  : named ? "get" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> type.contains("apply-patch") ? "apply" : "patch";
          case "DELETE" -> named ? "delete" : "deletecollection";
          default -> r.method().toLowerCase();
        };
    if (query.contains("dryRun=All")) {
      verb += " (dry-run)";
    }
    return verb + " " + resource + sub;
  }
}
