package io.flotilla.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The outcome of an apply or prune, one entry per object, in the order they were handled. */
public record ChangeSet(List<ChangeSetEntry> entries) {
  public ChangeSet {
    entries = List.copyOf(entries);
  }

  public static ChangeSet empty() {
    return new ChangeSet(List.of());
  }

  /** {@code Kind/ns/name action} lines joined by newlines (Flux's change-set text). */
  public String summary() {
    return entries.stream().map(ChangeSetEntry::toString).collect(Collectors.joining("\n"));
  }

  /** Whether anything was created, configured or deleted. */
  public boolean changed() {
    return entries.stream().anyMatch(e -> e.action().changed());
  }

  /**
   * Only the entries that wrote to the cluster, e.g. for an event: {@code cs.changes().summary()}.
   */
  public ChangeSet changes() {
    return new ChangeSet(entries.stream().filter(e -> e.action().changed()).toList());
  }

  /** The objects in this change set, e.g. the new inventory after an apply. */
  public List<ObjectRef> refs() {
    return entries.stream().map(ChangeSetEntry::ref).toList();
  }

  ChangeSet plus(List<ChangeSetEntry> more) {
    List<ChangeSetEntry> all = new ArrayList<>(entries);
    all.addAll(more);
    return new ChangeSet(all);
  }

  @Override
  public String toString() {
    return summary();
  }
}
