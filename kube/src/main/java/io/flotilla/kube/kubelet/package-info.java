/**
 * A simulated kubelet and node: it starts the workload controllers, runs pods to their statuses (no
 * containers run), registers the node, gives LoadBalancer services addresses and service-account
 * token secrets their tokens.
 */
package io.flotilla.kube.kubelet;
