package io.flotilla.api.flux.meta;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A {@code metav1.Condition}; {@code lastTransitionTime} is RFC 3339. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Condition(
    String type,
    String status,
    Long observedGeneration,
    String lastTransitionTime,
    String reason,
    String message) {
  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  @JsonIgnore
  public boolean isTrue() {
    return TRUE.equals(status);
  }
}
