package io.flotilla.kube.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import io.flotilla.kube.store.Selectors;
import io.flotilla.kube.store.Store;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

/**
 * A list answer: selectors, pages of {@code limit} items and kube-apiserver's continue tokens
 * (base64 JSON holding the resourceVersion and the key to start after).
 */
final class Lists {
  private Lists() {}

  static ObjectNode list(Store store, ResourceType t, String ns, ListOpts q) {
    Predicate<JsonNode> labels = Selectors.labels(q.labelSelector());
    Predicate<JsonNode> fields = Selectors.fields(q.fieldSelector(), t);
    String after = decodeContinue(q.continueToken());
    String bucketNs = t.namespaced() ? ns : null;
    String selector = q.labelSelector();
    // with a label selector, objects are matched on their metadata before being decoded
    Store.Listing listing =
        selector == null || selector.isBlank()
            ? store.listing(t.storageKey(), bucketNs)
            : store.listing(t.storageKey(), bucketNs, Selectors.requiredLabels(selector), labels);
    List<ObjectNode> all = listing.items();
    long rv = listing.resourceVersion();
    ArrayNode items = Json.array();
    String lastKey = null;
    int remaining = 0;
    for (ObjectNode o : all) {
      String key =
          Store.key(Json.text(o, "metadata", "namespace"), Json.text(o, "metadata", "name"));
      if (after != null && key.compareTo(after) <= 0) {
        continue;
      }
      if (!labels.test(o) || !fields.test(o)) {
        continue;
      }
      if (q.limit() > 0 && items.size() >= q.limit()) {
        remaining++;
        continue;
      }
      items.add(ApiCore.view(t, o));
      lastKey = key;
    }
    ObjectNode list = Json.object();
    list.put("kind", t.listKind());
    list.put("apiVersion", t.apiVersion());
    ObjectNode meta = list.putObject("metadata");
    meta.put("resourceVersion", Long.toString(rv));
    if (remaining > 0) {
      meta.put("continue", encodeContinue(rv, lastKey));
      meta.put("remainingItemCount", remaining);
    }
    list.set("items", items);
    return list;
  }

  private static String encodeContinue(long rv, String key) {
    ObjectNode c = Json.object();
    c.put("v", "meta.k8s.io/v1");
    c.put("rv", rv);
    c.put("start", key + "\u0000");
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(c));
  }

  private static String decodeContinue(String token) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    try {
      JsonNode c = Json.parse(Base64.getUrlDecoder().decode(token));
      String start = c.path("start").asText();
      return start.endsWith("\u0000") ? start.substring(0, start.length() - 1) : start;
    } catch (RuntimeException e) {
      throw ApiException.badRequest("continue key is not valid: " + e.getMessage());
    }
  }
}
