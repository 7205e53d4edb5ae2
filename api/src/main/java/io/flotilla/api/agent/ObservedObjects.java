package io.flotilla.api.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What the agent saw of a configuration's Flux objects beyond their conditions, for the dashboard:
 * the latest Kubernetes Events about them (newest first, at most {@link #MAX_EVENTS}) and each
 * object's live {@code spec} as the cluster holds it, which the service sets beside the desired
 * configuration. Not part of the ARM resource (Azure's has no such fields).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ObservedObjects(List<Event> events, List<Live> live) {
  public static final int MAX_EVENTS = 10;

  /** A live Flux object: its kind, name and namespace, and its {@code spec}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Live(String kind, String name, String namespace, JsonNode spec) {}

  /** One Kubernetes Event about a Flux object of the configuration. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Event(
      String kind,
      String name,
      String type,
      String reason,
      String message,
      Integer count,
      String lastTimestamp) {}
}
