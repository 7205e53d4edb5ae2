package io.flotilla.api.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Every flux configuration of one cluster, as the service wants it; {@code etag} versions it.
 * {@code cluster} is the cluster's ARM resource id, so that an agent can tell its own FluxConfigs
 * from another cluster's. {@code deleted} lists the deletes the service recorded (recent ones, see
 * {@link DeletedConfiguration}): a configuration leaves a cluster only through a {@code deleting}
 * entry or one of these, never because it is missing from {@code configurations}. {@code
 * extensions} is present only when the agent asked for them ({@code extensions=true}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DesiredState(
    String etag,
    String cluster,
    List<DesiredConfiguration> configurations,
    List<DeletedConfiguration> deleted,
    List<DesiredExtension> extensions) {

  public DesiredState(String etag, List<DesiredConfiguration> configurations) {
    this(etag, null, configurations, null, null);
  }

  /** The recorded deletes; an older service sends none. */
  public List<DeletedConfiguration> deletedOrEmpty() {
    return deleted == null ? List.of() : deleted;
  }
}
