package io.flotilla.api.agent;

import java.util.List;

/** What the agent reports about its cluster's configurations. */
public record StatusReport(List<ConfigurationStatus> configurations) {}
