package io.flotilla.server.store;

/** A row of a resource that lives under a cluster, named within it and versioned for its ETag. */
public interface ChildRow {
  String clusterId();

  String name();

  /** The columns every child table has. */
  ChildState state();

  /** The cluster state version of the row's last change, which its ETag is made of. */
  default long version() {
    return state().version();
  }

  default String provisioningState() {
    return state().provisioningState();
  }

  /** The agent's last report (JSON, may be null). */
  default String status() {
    return state().status();
  }

  default Authorship authorship() {
    return state().authorship();
  }
}
