/**
 * The embedded Kubernetes API server. {@link io.flotilla.kube.EmbeddedKubeApi} (started with {@link
 * io.flotilla.kube.KubeApiOptions}) is the one entry point other modules use; the sub-packages are
 * its parts and import one way (checked by PackageCyclesTest): {@code base} at the bottom; {@code
 * proto}, {@code schema}, {@code apply}, {@code store} and {@code printers} on it; {@code
 * admission}; {@code core}; {@code auth} and {@code workloads}; {@code http}; and {@code kubelet}
 * (which reads the node version from discovery) last.
 */
package io.flotilla.kube;
