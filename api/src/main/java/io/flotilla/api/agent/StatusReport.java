package io.flotilla.api.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What the agent reports about its cluster's configurations and, when it manages them, extensions.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StatusReport(
    List<ConfigurationStatus> configurations, List<ExtensionStatus> extensions) {

  public StatusReport(List<ConfigurationStatus> configurations) {
    this(configurations, null);
  }
}
