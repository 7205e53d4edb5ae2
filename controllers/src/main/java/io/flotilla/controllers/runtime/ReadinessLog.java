package io.flotilla.controllers.runtime;

import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.meta.Reasons;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Says in the process log, at INFO, when a Flux object stops being ready and why, and when it is
 * ready again: once per change of its Ready status and reason, not once per retry, so {@code
 * flotilla up}'s log shows failing reconciles that otherwise live only in their status. The logger
 * is the controller's own, so its {@code <controller>.log-level} setting applies.
 */
public final class ReadinessLog {
  /** What a wait is remembered as: a later recovery from it is no news either. */
  private static final String WAITING = "waiting";

  private static final Set<String> WAIT_REASONS =
      Set.of(Reasons.DEPENDENCY_NOT_READY, Reasons.NO_SOURCE_ARTIFACT, "SourceNotReady");

  private final Logger log;
  private final String kind;
  private final Map<String, String> last = new ConcurrentHashMap<>();

  public ReadinessLog(Logger log, String kind) {
    this.log = log;
    this.kind = kind;
  }

  /** Records the object's Ready condition after a reconcile, logging it if it changed. */
  public void record(String namespace, String name, List<Condition> conditions) {
    Condition ready =
        conditions == null
            ? null
            : conditions.stream()
                .filter(c -> ConditionTypes.READY.equals(c.type()))
                .findFirst()
                .orElse(null);
    if (ready == null || "Unknown".equals(ready.status())) {
      return; // still in progress: what it ends with is what is worth saying
    }
    String key = namespace + "/" + name;
    String state = ready.status() + "/" + ready.reason();
    String before = last.get(key);
    if (Objects.equals(before, state) || WAITING.equals(before) && waiting(ready)) {
      return;
    }
    last.put(key, state);
    if ("False".equals(ready.status())) {
      if (waiting(ready)) {
        last.put(key, WAITING);
        log.debug("{} {} is waiting: {}: {}", kind, key, ready.reason(), ready.message());
      } else {
        log.info("{} {} is not ready: {}: {}", kind, key, ready.reason(), ready.message());
      }
    } else if (before != null && before.startsWith("False/")) {
      log.info("{} {} is ready again: {}", kind, key, ready.message());
    }
  }

  /**
   * Waits for something else to become ready (a dependency, the source's first artifact), which
   * every object passes through on a fresh start: no failure of its own, so not said at INFO.
   */
  static boolean waiting(Condition ready) {
    String reason = String.valueOf(ready.reason());
    return WAIT_REASONS.contains(reason)
        || Reasons.ARTIFACT_FAILED.equals(reason)
            && String.valueOf(ready.message()).startsWith("Source artifact not found");
  }

  /** Forgets a deleted object. */
  public void forget(String namespace, String name) {
    last.remove(namespace + "/" + name);
  }
}
