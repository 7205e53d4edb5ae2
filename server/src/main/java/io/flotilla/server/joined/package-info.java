/**
 * The service's side of clusters joined by kubeconfig: their ARM ids, what the dashboard and the
 * {@code Flotilla.GitOps} routes need ({@link io.flotilla.server.joined.JoinedClusters}), and the
 * routes themselves. The watcher of GitopsClusters (fabric8) is the {@code gitops} module's.
 */
package io.flotilla.server.joined;
