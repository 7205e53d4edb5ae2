package io.flotilla.kube.base;

import java.util.List;
import java.util.Map;

/** A request's decoded query parameters, as the HTTP layer and the authorizer both read them. */
public final class QueryParams {
  private QueryParams() {}

  /** The first value of {@code key}, or null when the query has none. */
  public static String first(Map<String, List<String>> q, String key) {
    List<String> v = q.get(key);
    return v == null || v.isEmpty() ? null : v.get(0);
  }
}
