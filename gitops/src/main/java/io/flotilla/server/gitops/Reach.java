package io.flotilla.server.gitops;

/** What the last attempt to reach a joined cluster gave. */
sealed interface Reach {
  /** The service account of the kubeconfig listed namespaces at {@code server}. */
  record Connected(String server) implements Reach {}

  /**
   * Not reached, and why.
   *
   * @param readyReason the {@code Ready} condition's reason (WGE's: {@code WaitingForSecret},
   *     {@code WaitingForCAPICluster}, {@code ClusterConnectionFailed}, {@code
   *     ClusterNotConnected})
   * @param message what a user reads: what is wrong and what to fix, without secrets
   */
  record NotConnected(String readyReason, String message) implements Reach {}
}
