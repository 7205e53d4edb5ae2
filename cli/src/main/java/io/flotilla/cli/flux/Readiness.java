package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * flux's {@code isObjectReady}, waited on by {@code create} and {@code resume}: the controller has
 * seen this generation and says Ready; Ready=False is a failure with its message unless the reason
 * says it is still progressing.
 */
final class Readiness {
  private Readiness() {}

  /** The object once ready, empty while not yet; throws with the controller's message. */
  static Optional<FluxObject> check(FluxObject o) {
    if (!o.kind().hasStatus()) {
      return Optional.of(o);
    }
    if (o.observedGeneration() != o.generation()) {
      return Optional.empty();
    }
    if (o.isStatic()) {
      return Optional.of(o);
    }
    Optional<JsonNode> ready = o.ready();
    if (ready.isEmpty()) {
      return Optional.empty();
    }
    JsonNode c = ready.get();
    long seen = c.path("observedGeneration").asLong(0);
    if (seen != 0 && seen != o.generation()) {
      return Optional.empty();
    }
    return switch (c.path("status").asText()) {
      case "True" -> Optional.of(o);
      case "False" -> {
        String reason = c.path("reason").asText();
        if (reason.equals("Progressing") || reason.equals("ProgressingWithRetry")) {
          yield Optional.empty();
        }
        throw new FluxException(c.path("message").asText(""));
      }
      default -> Optional.empty();
    };
  }
}
