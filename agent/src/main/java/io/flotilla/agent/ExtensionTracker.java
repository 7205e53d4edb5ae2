package io.flotilla.agent;

import io.flotilla.api.agent.ExtensionStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Like {@link StatusTracker}, for extensions: report a status once, keep it until acknowledged. */
final class ExtensionTracker {
  private final Map<String, ExtensionStatus> acknowledged = new LinkedHashMap<>();
  private final Map<String, ExtensionStatus> pending = new LinkedHashMap<>();

  synchronized void offer(ExtensionStatus status) {
    if (!Objects.equals(acknowledged.get(status.name()), status)) {
      pending.put(status.name(), status);
    }
  }

  synchronized List<ExtensionStatus> drain() {
    return new ArrayList<>(pending.values());
  }

  synchronized void acknowledge(List<ExtensionStatus> sent) {
    for (ExtensionStatus s : sent) {
      acknowledged.put(s.name(), s);
      pending.remove(s.name(), s);
    }
  }

  /** Forget acknowledgements so that what is offered next is sent again. */
  synchronized void forget() {
    acknowledged.clear();
  }
}
