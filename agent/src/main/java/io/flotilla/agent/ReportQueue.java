package io.flotilla.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Statuses by name that the agent reports only when they change: what the service last
 * acknowledged, and the changes not yet acknowledged (kept while the service is unreachable).
 */
class ReportQueue<T> {
  private final Function<T, String> name;
  private final Map<String, T> acknowledged = new LinkedHashMap<>();
  private final Map<String, T> pending = new LinkedHashMap<>();

  ReportQueue(Function<T, String> name) {
    this.name = name;
  }

  /** Queues {@code status} unless the service has acknowledged it already. */
  synchronized void offer(T status) {
    String key = name.apply(status);
    if (!Objects.equals(acknowledged.get(key), status)) {
      pending.put(key, status);
    }
  }

  synchronized List<T> drain() {
    return new ArrayList<>(pending.values());
  }

  synchronized void acknowledge(List<T> sent) {
    for (T s : sent) {
      String key = name.apply(s);
      acknowledged.put(key, s);
      pending.remove(key, s);
    }
  }

  /** Forget acknowledgements so that what is offered next is sent again. */
  synchronized void forget() {
    acknowledged.clear();
  }
}
