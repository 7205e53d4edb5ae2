package io.flotilla.cli.configuration;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cli.Session;
import java.util.List;
import java.util.Locale;

/**
 * A disconnected cluster's configurations come back as {@code complianceState: Unknown} with an
 * errorMessage saying since when. az's table has no errorMessage column, so {@code -o table} keeps
 * its columns and says it once on stderr instead; JSON and YAML show the errorMessage itself.
 */
public final class Staleness {
  private Staleness() {}

  static void warnInTable(Session session, List<JsonNode> configurations) {
    if (!session.output().isTable()) return;
    warning(configurations).ifPresent(session.log()::warning);
  }

  /** One line: the first disconnection message, and how many configurations it concerns. */
  public static java.util.Optional<String> warning(List<JsonNode> configurations) {
    String first = null;
    int count = 0;
    for (JsonNode c : configurations) {
      String message = c.path("errorMessage").asText("");
      if (message.toLowerCase(Locale.ROOT).contains("disconnected")) {
        if (first == null) first = message;
        count++;
      }
    }
    if (first == null) return java.util.Optional.empty();
    return java.util.Optional.of(
        count == 1 ? first : first + " (" + count + " configurations shown are affected)");
  }
}
