package io.flotilla.server.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.server.joined.GitopsClusterId;
import io.flotilla.server.joined.JoinedClusters;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Clusters joined by kubeconfig (GitopsClusters) beside the agent-run ones: a section of the fleet
 * with those the user may read, and the view of one with its conditions and its Flux objects, read
 * through the REST API as the user (the joined cluster sees that user impersonated).
 */
record JoinedClustersView(
    java.util.function.Supplier<JoinedClusters> clusters,
    BiFunction<Context, String, Predicate<String>> permitted,
    ArmReader arm,
    Clock clock) {
  static boolean names(String id) {
    return GitopsClusterId.parse(id).isPresent();
  }

  /** The fleet's section: only the GitopsClusters the user may read; nothing when none. */
  String section(Context ctx, String q) {
    JoinedClusters watched = clusters.get();
    if (watched == null) {
      return "";
    }
    List<JoinedClusters.Summary> list =
        watched.list(permitted.apply(ctx, GitopsClusterId.READ_ACTION), q);
    if (list.isEmpty()) {
      return "";
    }
    Instant now = clock.instant();
    Html h = new Html();
    h.raw("<section class=\"joined\">");
    h.el("h2", null, "Joined clusters (GitopsCluster)");
    h.table("grid", "Cluster", "Ready", "Message", "Checked");
    for (JoinedClusters.Summary s : list) {
      h.raw("<tr data-gitops-cluster=\"").text(s.id().name()).raw("\"><td>");
      h.link(Views.RESOURCE_PREFIX + s.id().resourceId(), s.id().name());
      h.el("div", "sub", s.id().namespace() + " · " + s.id().subscriptionId());
      h.raw("</td><td>");
      state(h, s.state());
      h.raw("</td><td>").text(s.message());
      h.raw("</td><td>").time(s.checkedAt(), now).raw("</td></tr>");
    }
    h.endTable();
    return h.raw("</section>").toString();
  }

  String page(String id, String authorization) {
    GitopsClusterId gid = GitopsClusterId.parse(id).orElseThrow();
    Html h = new Html();
    h.raw("<section class=\"gitops-cluster\">");
    h.raw("<nav class=\"crumbs\">").link("/", "Fleet").raw(" / ").text(gid.name()).raw("</nav>");
    h.el("h1", null, gid.name());
    h.el("p", "sub", "GitopsCluster · " + gid.namespace() + " · " + gid.subscriptionId());
    ArmReader.Result cluster = arm.get(gid.resourceId(), JoinedClusters.API_VERSION, authorization);
    if (cluster instanceof ArmReader.Refused refused) {
      Problem.render(h, refused);
      return h.raw("</section>").toString();
    }
    JsonNode p = ((ArmReader.Found) cluster).body().path("properties");
    h.raw("<div data-live>");
    facts(h, p);
    conditions(h, p.path("conditions"));
    h.el("h2", null, "Flux objects");
    if (!"Ready".equals(p.path("state").asText())) {
      h.el(
          "p",
          "muted",
          "The cluster is not ready; its Flux objects are read once it answers through its"
              + " kubeconfig.");
    } else {
      objects(
          h, arm.get(gid.resourceId() + "/fluxObjects", JoinedClusters.API_VERSION, authorization));
    }
    return h.raw("</div></section>").toString();
  }

  private void facts(Html h, JsonNode p) {
    Instant now = clock.instant();
    h.raw("<dl class=\"facts\"><dt>Ready</dt><dd>");
    state(h, p.path("state").asText("Unknown"));
    h.raw(" ").el("span", "muted", p.path("reason").asText(""));
    h.raw("</dd><dt>Message</dt><dd data-message>").text(p.path("message").asText(""));
    h.raw("</dd><dt>Last checked</dt><dd>");
    String checked = p.path("lastChecked").asText(null);
    h.time(checked == null ? null : Instant.parse(checked), now);
    h.raw("</dd><dt>Kubeconfig</dt><dd>");
    if (p.path("secretRef").hasNonNull("name")) {
      h.text("Secret " + p.path("secretRef").path("name").asText() + " (key value or value.yaml)");
    } else if (p.path("capiClusterRef").hasNonNull("name")) {
      String capi = p.path("capiClusterRef").path("name").asText();
      h.text("Cluster API cluster " + capi + " (Secret " + capi + "-kubeconfig)");
    } else {
      h.el("span", "muted", "none");
    }
    h.raw("</dd><dt>Flux bootstrap</dt><dd>");
    h.text(
        p.path("bootstrap").asBoolean()
            ? "requested by the weave.works/capi: bootstrap label; Flotilla does not bootstrap"
                + " Flux, the cluster's own Flux (or Azure's Flux extension) runs it"
            : "not requested: the cluster's own Flux (or Azure's Flux extension) runs it");
    h.raw("</dd></dl>");
  }

  private static void conditions(Html h, JsonNode list) {
    h.el("h2", null, "Conditions");
    if (list.isEmpty()) {
      h.el("p", "muted", "No condition has been written yet.");
      return;
    }
    h.table("grid", "Type", "Status", "Reason", "Message", "Since");
    for (JsonNode c : list) {
      h.raw("<tr><td>").text(c.path("type").asText());
      h.raw("</td><td>").text(c.path("status").asText());
      h.raw("</td><td>").text(c.path("reason").asText(""));
      h.raw("</td><td>").text(c.path("message").asText(""));
      h.raw("</td><td>").text(c.path("lastTransitionTime").asText("")).raw("</td></tr>");
    }
    h.endTable();
  }

  private static void objects(Html h, ArmReader.Result result) {
    if (result instanceof ArmReader.Refused refused) {
      Problem.render(h, refused);
      return;
    }
    JsonNode body = ((ArmReader.Found) result).body();
    JsonNode items = body.path("value");
    if (items.isEmpty()) {
      h.el("p", "muted", "You see no Flux object in this cluster.");
    } else {
      h.table("grid flux-objects", "Kind", "Namespace", "Name", "Ready", "Message", "Revision");
      for (JsonNode o : items) {
        String ready = o.path("ready").asText("Unknown");
        h.raw("<tr data-flux-object=\"")
            .text(o.path("kind").asText() + "/" + o.path("name").asText());
        h.raw("\"><td>").text(o.path("kind").asText());
        h.raw("</td><td>").text(o.path("namespace").asText());
        h.raw("</td><td>").text(o.path("name").asText());
        if (o.path("suspended").asBoolean()) {
          h.raw(" ").badge("warn", "suspended");
        }
        h.raw("</td><td>")
            .badge(
                switch (ready) {
                  case "True" -> "ok";
                  case "False" -> "bad";
                  default -> "idle";
                },
                ready);
        h.raw("</td><td>").text(o.path("message").asText(""));
        h.raw("</td><td><code>").text(o.path("revision").asText("")).raw("</code></td></tr>");
      }
      h.endTable();
    }
    for (JsonNode u : body.path("unavailable")) {
      h.raw("<p class=\"muted\" data-unavailable=\"").text(u.path("kind").asText()).raw("\">");
      h.text(u.path("kind").asText() + ": " + u.path("message").asText()).raw("</p>");
    }
  }

  private static void state(Html h, String state) {
    switch (state) {
      case "Ready" -> h.badge("ok", "Ready");
      case "NotReady" -> h.badge("bad", "Not ready");
      default -> h.badge("idle", "Unknown");
    }
  }
}
