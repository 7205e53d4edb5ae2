package io.flotilla.api.arm;

import com.fasterxml.jackson.annotation.JsonInclude;

/** ARM {@code systemData}: who created and last changed a resource, and when (ISO-8601). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SystemData(
    String createdBy,
    String createdByType,
    String createdAt,
    String lastModifiedBy,
    String lastModifiedByType,
    String lastModifiedAt) {

  /** Created and last changed by users (ARM's {@code createdByType} "User"). */
  public static SystemData byUsers(
      String createdBy,
      java.time.Instant createdAt,
      String modifiedBy,
      java.time.Instant modifiedAt) {
    return new SystemData(
        createdBy, "User", createdAt.toString(), modifiedBy, "User", modifiedAt.toString());
  }
}
