package io.flotilla.controllers.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * An event as Flux's controllers post it to notification-controller ({@code event/v1beta1}):
 * severity {@code info} or {@code error}, Flux's reason, and {@code metadata} whose keys lost the
 * involved object's API group (e.g. {@code revision}, {@code commit_status}, {@code token}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({
  "involvedObject",
  "severity",
  "timestamp",
  "message",
  "reason",
  "metadata",
  "reportingController",
  "reportingInstance"
})
public record FluxEvent(
    InvolvedObject involvedObject,
    String severity,
    String timestamp,
    String message,
    String reason,
    Map<String, String> metadata,
    String reportingController,
    String reportingInstance) {

  public static final String INFO = "info";
  public static final String ERROR = "error";

  /** A {@code corev1.ObjectReference} as Go's encoder writes it (empty fields left out). */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonPropertyOrder({"kind", "namespace", "name", "uid", "apiVersion", "resourceVersion"})
  public record InvolvedObject(
      String kind,
      String namespace,
      String name,
      String uid,
      String apiVersion,
      String resourceVersion) {}

  /** The same event with other metadata. */
  public FluxEvent withMetadata(Map<String, String> m) {
    return new FluxEvent(
        involvedObject,
        severity,
        timestamp,
        message,
        reason,
        m,
        reportingController,
        reportingInstance);
  }

  public String meta(String key) {
    return metadata == null ? null : metadata.get(key);
  }
}
