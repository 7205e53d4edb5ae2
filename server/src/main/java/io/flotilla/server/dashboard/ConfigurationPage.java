package io.flotilla.server.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.api.agent.ObservedObjects;
import io.flotilla.api.arm.ClusterRef;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One flux configuration: its source and revision, the Flux objects the agent reports with their
 * conditions (as a tree: a Kustomization and the Flux objects it applied), and the actions.
 */
final class ConfigurationPage {
  private ConfigurationPage() {}

  /** What the user's roles let it do to the configuration; a button it may not press is off. */
  record Allowed(boolean write, boolean delete) {
    static final Allowed ALL = new Allowed(true, true);
  }

  static String render(ClusterRef ref, String name, ArmReader.Result read) {
    return render(ref, name, read, Allowed.ALL, null);
  }

  /** {@code observed}: what the agent last reported of the objects' events and live specs. */
  static String render(
      ClusterRef ref,
      String name,
      ArmReader.Result read,
      Allowed allowed,
      ObservedObjects observed) {
    Html h = new Html();
    h.raw("<section class=\"configuration\">");
    ClusterPage.crumbs(h, ref, name);
    h.el("h1", null, name);
    if (read instanceof ArmReader.Refused refused) {
      Problem.render(h, refused);
      return h.raw("</section>").toString();
    }
    JsonNode c = ((ArmReader.Found) read).body();
    JsonNode p = c.path("properties");
    String id = c.path("id").asText(ref.fluxConfigurationId(name));
    boolean suspended = p.path("suspend").asBoolean(false);
    h.raw("<div data-live>");
    h.raw("<div class=\"actions\" data-resource=\"").text(id).raw("\">");
    button(h, "reconcile", "Reconcile now", allowed.write(), "");
    if (suspended) {
      button(h, "resume", "Resume", allowed.write(), "");
    } else {
      button(h, "suspend", "Suspend", allowed.write(), "");
    }
    button(h, "delete", "Delete", allowed.delete(), " class=\"danger\"");
    h.raw("</div>");
    String compliance = p.path("complianceState").asText("Unknown");
    h.raw("<dl class=\"facts\"><dt>Compliance</dt><dd data-compliance>")
        .badge(Html.tone(compliance), compliance);
    if (suspended) {
      h.raw(" ").badge("warn", "suspended");
    }
    h.raw("</dd>");
    fact(h, "Provisioning", p.path("provisioningState").asText(""));
    fact(h, "Source kind", p.path("sourceKind").asText("GitRepository"));
    fact(h, "Source", sourceUrl(p));
    fact(h, "Reference", reference(p));
    h.raw("<dt>Revision</dt><dd><code>")
        .text(p.path("sourceSyncedCommitId").asText("—"))
        .raw("</code></dd>");
    fact(h, "Source updated", p.path("sourceUpdatedAt").asText("—"));
    fact(h, "Status reported", p.path("statusUpdatedAt").asText("—"));
    fact(
        h,
        "Namespace · scope",
        p.path("namespace").asText("") + " · " + p.path("scope").asText(""));
    h.raw("</dl>");
    String error = p.path("errorMessage").asText("");
    if (!error.isBlank()) {
      h.el("p", "notice error", error);
    }
    kustomizations(h, p.path("kustomizations"));
    h.el("h2", null, "Flux objects");
    objects(h, p.path("statuses"));
    h.el("h2", null, "Recent events");
    events(h, observed == null ? null : observed.events());
    h.el("h2", null, "Desired vs. live");
    diff(h, name, p, observed == null ? null : observed.live());
    return h.raw("</div></section>").toString();
  }

  private static void button(Html h, String action, String label, boolean allowed, String attrs) {
    h.raw("<button type=\"button\" data-action=\"" + action + "\"" + attrs);
    if (!allowed) {
      h.raw(" disabled title=\"Your role at this scope does not allow this.\"");
    }
    h.raw(">").text(label).raw("</button>");
  }

  private static void events(Html h, List<ObservedObjects.Event> events) {
    if (events == null) {
      h.el("p", "muted", "The agent has not reported events of these objects yet.");
      return;
    }
    if (events.isEmpty()) {
      h.el("p", "muted", "No recent events about this configuration's Flux objects.");
      return;
    }
    h.table("grid events", "Last seen", "Object", "Type", "Reason", "Message");
    for (ObservedObjects.Event e : events) {
      h.raw(
          "Warning".equals(e.type())
              ? "<tr class=\"warning\" data-event><td>"
              : "<tr data-event><td>");
      h.text(e.lastTimestamp() == null ? "" : e.lastTimestamp());
      h.raw("</td><td>").text(e.kind() + "/" + e.name());
      h.raw("</td><td>").text(e.type() == null ? "" : e.type());
      h.raw("</td><td>").text(e.reason() == null ? "" : e.reason());
      h.raw("</td><td class=\"message\">").text(e.message() == null ? "" : e.message());
      if (e.count() != null && e.count() > 1) {
        h.raw(" ").el("span", "muted", "×" + e.count());
      }
      h.raw("</td></tr>");
    }
    h.endTable();
  }

  private static void diff(Html h, String name, JsonNode p, List<ObservedObjects.Live> live) {
    if (live == null) {
      h.el("p", "muted", "The agent has not reported the live objects yet.");
      return;
    }
    List<DesiredVsLive.Row> rows = DesiredVsLive.compare(name, p, live);
    long differ = rows.stream().filter(r -> !r.same()).count();
    h.el(
        "p",
        differ == 0 ? "muted" : "notice",
        differ == 0
            ? "The cluster runs what is desired."
            : differ + " field(s) differ between the desired configuration and the cluster.");
    h.table("grid diff", "Object", "Field", "Desired", "Live");
    for (DesiredVsLive.Row r : rows) {
      h.raw(
          r.same()
              ? "<tr data-diff=\"same\"><td>"
              : "<tr class=\"differs\" data-diff=\"differs\"><td>");
      h.text(r.object());
      h.raw("</td><td>").text(r.field());
      h.raw("</td><td><code>").text(r.desired() == null ? "—" : r.desired());
      h.raw("</code></td><td><code>")
          .text(r.live() == null ? "not in the cluster" : r.live())
          .raw("</code></td></tr>");
    }
    h.endTable();
  }

  private static void fact(Html h, String label, String value) {
    h.el("dt", null, label).el("dd", null, value.isBlank() ? "—" : value);
  }

  static String sourceUrl(JsonNode p) {
    for (String kind : List.of("gitRepository", "bucket", "azureBlob", "ociRepository")) {
      String url = p.path(kind).path("url").asText("");
      if (!url.isBlank()) {
        return url;
      }
    }
    return "";
  }

  private static String reference(JsonNode p) {
    JsonNode ref = p.path("gitRepository").path("repositoryRef");
    if (ref.isMissingNode() || ref.isEmpty()) {
      ref = p.path("ociRepository").path("repositoryRef");
    }
    List<String> parts = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = ref.fields(); it.hasNext(); ) {
      var e = it.next();
      if (!e.getValue().isNull() && !e.getValue().asText().isBlank()) {
        parts.add(e.getKey() + " " + e.getValue().asText());
      }
    }
    if (parts.isEmpty()) {
      String bucket = p.path("bucket").path("bucketName").asText("");
      String container = p.path("azureBlob").path("containerName").asText("");
      return bucket.isBlank() ? container : bucket;
    }
    return String.join(", ", parts);
  }

  private static void kustomizations(Html h, JsonNode ks) {
    h.el("h2", null, "Kustomizations (desired)");
    if (ks.isEmpty()) {
      h.el("p", "muted", "none");
      return;
    }
    h.table("grid", "Name", "Path", "Depends on", "Prune");
    ks.fields()
        .forEachRemaining(
            e -> {
              JsonNode k = e.getValue();
              List<String> deps = new ArrayList<>();
              k.path("dependsOn").forEach(d -> deps.add(d.asText()));
              h.raw("<tr><td>").text(e.getKey());
              h.raw("</td><td>").text(k.path("path").asText(""));
              h.raw("</td><td>").text(String.join(", ", deps));
              h.raw("</td><td>").text(k.path("prune").asText("false"));
              h.raw("</td></tr>");
            });
    h.endTable();
  }

  /** Roots are objects nobody applied (the source, the configuration's Kustomizations). */
  static void objects(Html h, JsonNode statuses) {
    if (statuses.isEmpty()) {
      h.el("p", "muted", "The agent has reported no Flux object yet.");
      return;
    }
    Map<String, JsonNode> byKey = new LinkedHashMap<>();
    statuses.forEach(s -> byKey.put(key(s), s));
    Map<String, List<JsonNode>> children = new LinkedHashMap<>();
    List<JsonNode> roots = new ArrayList<>();
    for (JsonNode s : statuses) {
      JsonNode by = s.path("appliedBy");
      String parent =
          by.isMissingNode() || by.isNull()
              ? null
              : "Kustomization/" + by.path("namespace").asText("") + "/" + by.path("name").asText();
      if (parent != null && byKey.containsKey(parent) && !parent.equals(key(s))) {
        children.computeIfAbsent(parent, k -> new ArrayList<>()).add(s);
      } else {
        roots.add(s);
      }
    }
    h.raw("<ul class=\"tree\">");
    for (JsonNode r : roots) {
      node(h, r, children, 0);
    }
    h.raw("</ul>");
  }

  private static String key(JsonNode s) {
    return s.path("kind").asText()
        + "/"
        + s.path("namespace").asText("")
        + "/"
        + s.path("name").asText();
  }

  private static void node(Html h, JsonNode s, Map<String, List<JsonNode>> children, int depth) {
    String compliance = s.path("complianceState").asText("Unknown");
    boolean failing = "Non-Compliant".equals(compliance);
    h.raw(failing ? "<li class=\"failing\" data-object=\"" : "<li data-object=\"")
        .text(s.path("kind").asText() + "/" + s.path("name").asText())
        .raw("\"><details")
        .raw(failing || depth == 0 ? " open>" : ">")
        .raw("<summary>");
    h.el("span", "kind", s.path("kind").asText()).raw(" ");
    h.el("strong", null, s.path("name").asText());
    String ns = s.path("namespace").asText("");
    if (!ns.isBlank()) {
      h.raw(" ").el("span", "muted", ns);
    }
    h.raw(" ").badge(Html.tone(compliance), compliance);
    h.raw("</summary>");
    JsonNode hr = s.path("helmReleaseProperties");
    if (!hr.isMissingNode() && !hr.isNull()) {
      h.el(
          "p",
          "muted",
          "Helm release revision "
              + hr.path("lastRevisionApplied").asText("—")
              + " · failures "
              + hr.path("failureCount").asText("0")
              + " (install "
              + hr.path("installFailureCount").asText("0")
              + ", upgrade "
              + hr.path("upgradeFailureCount").asText("0")
              + ")");
    }
    JsonNode conditions = s.path("statusConditions");
    if (!conditions.isEmpty()) {
      h.table("conditions", "Type", "Status", "Reason", "Message", "Since");
      for (JsonNode c : conditions) {
        h.raw("<tr><td>").text(c.path("type").asText());
        h.raw("</td><td>").text(c.path("status").asText());
        h.raw("</td><td>").text(c.path("reason").asText());
        h.raw("</td><td class=\"message\">").text(c.path("message").asText());
        h.raw("</td><td>").text(c.path("lastTransitionTime").asText());
        h.raw("</td></tr>");
      }
      h.endTable();
    }
    List<JsonNode> kids = children.get(key(s));
    if (kids != null && depth < 16) {
      h.raw("<ul>");
      for (JsonNode k : kids) {
        node(h, k, children, depth + 1);
      }
      h.raw("</ul>");
    }
    h.raw("</details></li>");
  }
}
