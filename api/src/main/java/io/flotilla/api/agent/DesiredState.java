package io.flotilla.api.agent;

import java.util.List;

/** Every flux configuration of one cluster, as the service wants it; {@code etag} versions it. */
public record DesiredState(String etag, List<DesiredConfiguration> configurations) {}
