package io.flotilla.api.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What an agent reports about one extension, in the {@code extensions} list of its {@link
 * StatusReport}. {@code appliedVersion} echoes {@link DesiredExtension#version()}; {@code deleted}
 * confirms a removal. The service reads this record as it is.
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

  /** ARM's ExtensionStatus entry; {@code level} is Error, Warning or Information. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Status(
      String code, String displayStatus, String level, String message, String time) {}
}
