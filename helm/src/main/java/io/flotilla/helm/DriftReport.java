package io.flotilla.helm;

import io.flotilla.apply.ObjectRef;
import java.util.List;

/** Objects of a release that are missing from the cluster or differ from what was released. */
public record DriftReport(List<Entry> entries) {
  public enum Change {
    CREATED,
    CHANGED
  }

  /** {@code CREATED}: the object is missing and would be created; {@code diff}: readable. */
  public record Entry(ObjectRef object, Change change, String diff) {}

  public boolean drifted() {
    return !entries.isEmpty();
  }
}
