package io.flotilla.server.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.api.arm.ClusterRef;
import java.time.Instant;
import java.util.Optional;

/** One cluster: connectivity, its flux configurations and its extensions. */
final class ClusterPage {
  private ClusterPage() {}

  /** {@code configurations} and {@code extensions} are the ARM list answers. */
  static String render(
      ClusterRef ref,
      Optional<Fleet.Row> row,
      ArmReader.Result configurations,
      ArmReader.Result extensions,
      Instant now) {
    Html h = new Html();
    h.raw("<section class=\"cluster\">");
    crumbs(h, ref, null);
    h.el("h1", null, ref.clusterName());
    h.el("p", "sub", ref.shortId() + " · " + ref.resourceGroup() + " · " + ref.subscriptionId());
    if (configurations instanceof ArmReader.Refused refused) {
      Problem.render(h, refused);
      return h.raw("</section>").toString();
    }
    h.raw("<div data-live>");
    h.raw("<dl class=\"facts\"><dt>Connectivity</dt><dd>");
    if (row.isPresent()) {
      Views.connectivity(h, row.get(), now);
    } else {
      h.el("span", "muted", "unknown");
    }
    h.raw("</dd><dt>Flux extension</dt><dd>");
    Views.extension(h, row.map(Fleet.Row::extension).orElse(null));
    h.raw("</dd></dl>");
    JsonNode list = ((ArmReader.Found) configurations).body().path("value");
    h.el("h2", null, "Flux configurations");
    if (list.isEmpty()) {
      h.el("p", "muted", "This cluster has no flux configuration.");
    } else {
      h.table("grid", "Name", "Compliance", "Provisioning", "Source", "Revision");
      for (JsonNode c : list) {
        JsonNode p = c.path("properties");
        String name = c.path("name").asText();
        h.raw("<tr data-configuration=\"").text(name).raw("\"><td>");
        h.link(Views.configurationUrl(ref, name), name);
        if (p.path("suspend").asBoolean(false)) {
          h.raw(" ").badge("warn", "suspended");
        }
        String compliance = p.path("complianceState").asText("Unknown");
        h.raw("</td><td>").badge(Html.tone(compliance), compliance);
        h.raw("</td><td>").text(p.path("provisioningState").asText(""));
        h.raw("</td><td>").text(ConfigurationPage.sourceUrl(p));
        h.raw("</td><td><code>").text(p.path("sourceSyncedCommitId").asText(""));
        h.raw("</code></td></tr>");
      }
      h.endTable();
    }
    if (((ArmReader.Found) configurations).body().hasNonNull("nextLink")) {
      h.el("p", "muted", "More configurations exist than one page of the API shows here.");
    }
    h.el("h2", null, "Extensions");
    switch (extensions) {
      case ArmReader.Refused r -> Problem.render(h, r);
      case ArmReader.Found found -> {
        JsonNode ext = found.body().path("value");
        if (ext.isEmpty()) {
          h.el("p", "muted", "No extension is installed.");
        } else {
          h.table("grid", "Name", "Type", "Provisioning", "Version");
          for (JsonNode e : ext) {
            JsonNode p = e.path("properties");
            h.raw("<tr><td>").text(e.path("name").asText());
            h.raw("</td><td>").text(p.path("extensionType").asText(""));
            h.raw("</td><td>").text(p.path("provisioningState").asText(""));
            h.raw("</td><td>").text(p.path("currentVersion").asText(p.path("version").asText("")));
            h.raw("</td></tr>");
          }
          h.endTable();
        }
      }
    }
    return h.raw("</div></section>").toString();
  }

  static void crumbs(Html h, ClusterRef ref, String configuration) {
    h.raw("<nav class=\"crumbs\">").link("/", "Fleet").raw(" / ");
    if (configuration == null) {
      h.text(ref.clusterName());
    } else {
      h.link(Views.clusterUrl(ref), ref.clusterName()).raw(" / ").text(configuration);
    }
    h.raw("</nav>");
  }
}
