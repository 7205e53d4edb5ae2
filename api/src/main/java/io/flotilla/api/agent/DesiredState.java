package io.flotilla.api.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Every flux configuration of one cluster, as the service wants it; {@code etag} versions it.
 * {@code extensions} is present only when the agent asked for them ({@code extensions=true}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DesiredState(
    String etag, List<DesiredConfiguration> configurations, List<DesiredExtension> extensions) {

  public DesiredState(String etag, List<DesiredConfiguration> configurations) {
    this(etag, configurations, null);
  }
}
