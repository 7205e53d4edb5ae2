package io.flotilla.server.extension;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What an agent reports about one extension, in the {@code extensions} list of its status report
 * (an addition to the agent protocol that older agents simply do not send). {@code appliedVersion}
 * echoes the version of the desired state's extension entry; {@code deleted} confirms a removal.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExtensionStatus(
    String name,
    long appliedVersion,
    boolean deleted,
    String provisioningState,
    String currentVersion,
    List<Status> statuses,
    String errorMessage) {

  /** ARM's ExtensionStatus entry: code, displayStatus, level, message, time. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Status(
      String code, String displayStatus, String level, String message, String time) {}
}
