package io.flotilla.server.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * One staged rollout, of an assignment or of a configuration change (fluxConfigurationRollouts):
 * its state and why, the revision it takes to the clusters (and a configuration rollout's patch),
 * each wave's state and bake, and every cluster's revision, health, what a rollback left as it was
 * and what its wave found changed since the rollout was created (read through the ARM API as the
 * user, like the configuration page).
 */
final class RolloutPage {
  static final String API_VERSION = ArmReader.FLUX_API_VERSION;

  private static final Pattern ID =
      Pattern.compile(
          "(?i)^/subscriptions/[^/]+(/resourceGroups/[^/]+)?/providers/"
              + "Microsoft\\.KubernetesConfiguration/(fluxConfigurationAssignments/[^/]+"
              + "/rollouts|fluxConfigurationRollouts)/[^/]+$");

  private RolloutPage() {}

  /** Whether {@code id} is the ARM id of a rollout. */
  static boolean names(String id) {
    return id != null && ID.matcher(id).matches();
  }

  static String render(String id, ArmReader.Result read, Instant now) {
    Html h = new Html();
    h.raw("<section class=\"rollout\">");
    String parent = id.substring(0, id.lastIndexOf('/'));
    h.raw("<nav class=\"crumbs\">").link("/", "Fleet").text(" / ");
    if (parent.toLowerCase(java.util.Locale.ROOT).endsWith("/rollouts")) {
      String assignment = parent.substring(0, parent.lastIndexOf('/'));
      h.text(assignment.substring(assignment.lastIndexOf('/') + 1)).text(" / rollouts");
    } else {
      h.text("configuration rollouts");
    }
    h.raw("</nav>");
    h.el("h1", null, id.substring(id.lastIndexOf('/') + 1));
    if (read instanceof ArmReader.Refused refused) {
      Problem.render(h, refused);
      return h.raw("</section>").toString();
    }
    JsonNode p = ((ArmReader.Found) read).body().path("properties");
    JsonNode s = p.path("status");
    String state = s.path("state").asText("Unknown");
    h.raw("<div data-live>");
    h.raw("<dl class=\"facts\"><dt>State</dt><dd data-rollout-state>")
        .badge(tone(state), state)
        .raw("</dd>");
    if (p.hasNonNull("configurationName")) {
      h.raw("<dt>Configuration</dt><dd data-configuration>")
          .text(p.path("configurationName").asText() + ", patch " + p.path("patch"))
          .raw("</dd>");
    }
    h.raw("<dt>Revision</dt><dd>")
        .text(p.path("baseRevision").asText() + " → " + p.path("targetRevision").asText())
        .raw("</dd>");
    if (s.hasNonNull("currentWave")) {
      h.raw("<dt>Current wave</dt><dd data-current-wave>")
          .text(s.path("currentWave").asText())
          .raw("</dd>");
    }
    h.raw("<dt>Status</dt><dd data-message>").text(s.path("message").asText()).raw("</dd>");
    if (s.hasNonNull("failure")) {
      JsonNode f = s.path("failure");
      h.raw("<dt>Failed</dt><dd data-failure>")
          .text("wave " + f.path("wave").asText() + ", cluster ")
          .link(Views.RESOURCE_PREFIX + f.path("clusterId").asText(), f.path("clusterId").asText())
          .raw("</dd>");
    }
    h.raw("</dl>");
    int i = 0;
    for (JsonNode w : s.path("waves")) {
      JsonNode given = p.path("waves").path(i++);
      h.raw("<h2>")
          .text("Wave " + i + ": " + w.path("name").asText() + " ")
          .badge(tone(w.path("state").asText()), w.path("state").asText())
          .raw("</h2>");
      h.raw("<p class=\"wave\">")
          .text(
              "maxUnavailable "
                  + given.path("maxUnavailable").asText()
                  + ", bake "
                  + given.path("bakeTimeInSeconds").asLong()
                  + " s")
          .raw("; started ")
          .time(instant(w.path("startedAt")), now)
          .raw("; bake ends ")
          .time(instant(w.path("bakeEndsAt")), now);
      if (w.has("bakeRemainingInSeconds") && !w.has("bakeEndsAt")) {
        h.text(" (paused, " + w.path("bakeRemainingInSeconds").asLong() + " s of bake left)");
      }
      h.raw("</p>");
      h.table(
          "clusters",
          "Cluster",
          "Revision",
          "Desired revision",
          "Compliance",
          "Health",
          "Rollback",
          "Changed before its wave");
      for (JsonNode c : w.path("clusters")) {
        String cluster = c.path("clusterId").asText();
        h.raw("<tr><td>")
            .link(Views.RESOURCE_PREFIX + cluster, cluster.substring(cluster.lastIndexOf('/') + 1))
            .raw("</td><td>")
            .text(c.path("revision").asText("—"))
            .raw("</td><td>")
            .text(c.path("desiredRevision").asText())
            .raw("</td><td>")
            .badge(
                Html.tone(c.path("complianceState").asText(null)),
                c.path("complianceState").asText("Unknown"))
            .raw("</td><td>")
            .text(c.path("health").asText("—"))
            .raw("</td><td data-rollback-skipped>")
            .text(c.has("rollbackSkipped") ? "skipped: " + c.path("rollbackSkipped").asText() : "")
            .raw("</td><td data-rebased>")
            .text(c.path("rebased").asText(""))
            .raw("</td></tr>");
      }
      h.endTable();
    }
    return h.raw("</div></section>").toString();
  }

  private static Instant instant(JsonNode n) {
    return n.isTextual() ? Instant.parse(n.asText()) : null;
  }

  private static String tone(String state) {
    return switch (state) {
      case "Succeeded" -> "ok";
      case "Failed", "Halted", "RolledBack", "Aborted" -> "bad";
      case "Running", "Updating", "Baking", "Paused" -> "warn";
      default -> "idle";
    };
  }
}
