package io.flotilla.apply;

import java.util.List;
import java.util.stream.Collectors;

/** One poll's statuses, in the order the objects were given. */
public record HealthResult(List<ObjectHealth> objects) {
  public HealthResult {
    objects = List.copyOf(objects);
  }

  /** True when every object is Current (an empty set is healthy). */
  public boolean healthy() {
    return objects.stream().allMatch(o -> o.status() == HealthStatus.CURRENT);
  }

  /** True when any object has Failed (kstatus: stalled, no point waiting). */
  public boolean failed() {
    return objects.stream().anyMatch(o -> o.status() == HealthStatus.FAILED);
  }

  /** The objects that are not Current. */
  public List<ObjectHealth> notReady() {
    return objects.stream().filter(o -> o.status() != HealthStatus.CURRENT).toList();
  }

  /** Every object not ready and why, comma-separated; empty when healthy. */
  public String message() {
    return notReady().stream().map(ObjectHealth::describe).collect(Collectors.joining(", "));
  }
}
