package io.flotilla.server;

import io.flotilla.api.arm.ClusterRef;

/** A cluster known to the service; {@code clusterId} is what the agent API paths use. */
public record RegisteredCluster(String clusterId, ClusterRef ref) {}
