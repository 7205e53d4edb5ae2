package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** {@code sortOptions}: legacy (kind order, the default) or fifo (input order). */
final class Sorting {
  private Sorting() {}

  static void sort(List<Res> resources, JsonNode sortOptions, KustomizeOptions.Order dflt)
      throws KustomizeException {
    String order = dflt == KustomizeOptions.Order.FIFO ? "fifo" : "legacy";
    List<String> first = null;
    List<String> last = null;
    if (sortOptions != null && !sortOptions.isNull() && !sortOptions.isMissingNode()) {
      order = sortOptions.path("order").asText("legacy");
      JsonNode legacy = sortOptions.get("legacySortOptions");
      if (!order.equals("legacy") && !order.equals("fifo")) {
        throw new KustomizeException(
            "the field 'sortOptions.order' must be one of [fifo, legacy], got '" + order + "'");
      }
      if (legacy != null && !legacy.isNull()) {
        if (order.equals("fifo")) {
          throw new KustomizeException(
              "the field 'sortOptions.legacySortOptions' must be empty when 'sortOptions.order'"
                  + " is 'fifo'");
        }
        first = strings(legacy.get("orderFirst"));
        last = strings(legacy.get("orderLast"));
      }
    }
    if (order.equals("fifo")) return;
    List<Res> sorted = new ArrayList<>(resources);
    LegacyOrder.sort(sorted, first, last);
    resources.clear();
    resources.addAll(sorted);
  }

  private static List<String> strings(JsonNode n) {
    if (n == null || n.isNull()) return null;
    List<String> out = new ArrayList<>();
    n.forEach(e -> out.add(e.asText()));
    return out;
  }
}
