package io.flotilla.server.store;

/** A row of a resource that lives under a cluster, named within it and versioned for its ETag. */
public interface ChildRow {
  String clusterId();

  String name();

  /** The cluster state version of the row's last change, which its ETag is made of. */
  long version();
}
