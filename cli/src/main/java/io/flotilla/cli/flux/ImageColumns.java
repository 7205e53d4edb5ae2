package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** flux's {@code get images} columns after the name: each kind has its own. */
final class ImageColumns {
  private ImageColumns() {}

  static boolean covers(FluxKind kind) {
    return kind == FluxKind.IMAGE_REPOSITORY
        || kind == FluxKind.IMAGE_POLICY
        || kind == FluxKind.IMAGE_UPDATE;
  }

  static List<String> header(FluxKind kind) {
    return switch (kind) {
      case IMAGE_REPOSITORY -> List.of("Last scan", "Suspended", "Ready", "Message");
      case IMAGE_POLICY -> List.of("Latest image", "Ready", "Message");
      default -> List.of("Last run", "Suspended", "Ready", "Message");
    };
  }

  /** The cells after the name; {@code status}/{@code message} are the Ready condition's. */
  static List<String> cells(FluxObject o, String status, String message) {
    JsonNode s = o.json().path("status");
    String suspended = o.suspended() ? "True" : "False";
    return switch (o.kind()) {
      case IMAGE_REPOSITORY ->
          List.of(s.path("lastScanResult").path("scanTime").asText(""), suspended, status, message);
      case IMAGE_POLICY -> List.of(latest(s.path("latestRef")), status, message);
      default -> List.of(s.path("lastAutomationRunTime").asText(""), suspended, status, message);
    };
  }

  /** {@code name:tag[@digest]}, as flux prints an ImageRef; empty before a first choice. */
  private static String latest(JsonNode ref) {
    if (ref.isMissingNode() || ref.isNull()) {
      return "";
    }
    String digest = ref.path("digest").asText("");
    return ref.path("name").asText()
        + ":"
        + ref.path("tag").asText()
        + (digest.isEmpty() ? "" : "@" + digest);
  }

  /** What {@code reconcile} and {@code resume} print last for an image kind, flux's words. */
  static String successMessage(FluxObject o) {
    JsonNode s = o.json().path("status");
    if (o.kind() == FluxKind.IMAGE_REPOSITORY) {
      return "scan fetched " + s.path("lastScanResult").path("tagCount").asInt(0) + " tags";
    }
    if (o.ready().isPresent()) {
      return o.ready().get().path("message").asText("");
    }
    String lastRun = s.path("lastAutomationRunTime").asText("");
    return lastRun.isEmpty() ? "automation not yet run" : "last run " + lastRun;
  }
}
