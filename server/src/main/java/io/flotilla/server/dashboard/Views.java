package io.flotilla.server.dashboard;

import io.flotilla.api.arm.ClusterRef;
import java.time.Instant;

/** What the views share: addresses of views and the connectivity and extension cells. */
final class Views {
  /** Views of a resource live at {@code /ui} + its ARM id, so an id pasted from the CLI works. */
  static final String RESOURCE_PREFIX = "/ui";

  private Views() {}

  static String clusterUrl(ClusterRef ref) {
    return RESOURCE_PREFIX + ref.resourceId();
  }

  static String configurationUrl(ClusterRef ref, String name) {
    return RESOURCE_PREFIX + ref.fluxConfigurationId(name);
  }

  /** Online only when heard within the threshold; otherwise Offline with the last heartbeat. */
  static void connectivity(Html h, Fleet.Row r, Instant now) {
    if (!r.offline()) {
      h.badge("ok", "Online");
      return;
    }
    if (r.lastSeen() == null) {
      h.badge("bad", "Offline").raw(" ").el("span", "muted", "never connected");
      return;
    }
    h.badge("bad", "Offline").raw(" <span class=\"muted\">since ").time(r.lastSeen(), now);
    h.raw("</span>");
  }

  static void extension(Html h, Fleet.Extension e) {
    if (e == null) {
      h.el("span", "muted", "not installed");
      return;
    }
    String state = e.provisioningState();
    String tone =
        switch (state) {
          case "Succeeded" -> "ok";
          case "Failed" -> "bad";
          default -> "warn";
        };
    h.badge(tone, state);
    if (e.version() != null && !e.version().isBlank()) {
      h.raw(" ").el("span", "muted", e.version());
    }
  }
}
