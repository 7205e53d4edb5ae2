package io.flotilla.apply;

import java.util.Locale;

/** What happened to one object; printed lowercase, as in Flux change sets. */
public enum Action {
  CREATED,
  CONFIGURED,
  UNCHANGED,
  DELETED,
  SKIPPED,
  UNKNOWN;

  /** True for actions that wrote to the cluster. */
  public boolean changed() {
    return this == CREATED || this == CONFIGURED || this == DELETED;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
