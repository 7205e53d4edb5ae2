package io.flotilla.server.dashboard;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The fleet overview: a filter form and one page of clusters, the part that updates live. */
final class FleetPage {
  private FleetPage() {}

  static String render(Fleet.Page page) {
    return render(page, "");
  }

  /**
   * {@code joined}: the joined clusters' section (markup of this package), inside the live part.
   */
  static String render(Fleet.Page page, String joined) {
    Fleet.Filter f = page.filter();
    Html h = new Html();
    h.raw("<section class=\"fleet\"><h1>Fleet</h1>");
    h.raw("<form id=\"fleet-filter\" action=\"/\" method=\"get\" role=\"search\">");
    h.raw("<input type=\"search\" name=\"q\" aria-label=\"Search\" value=\"")
        .text(f.q())
        .raw("\" placeholder=\"Search clusters, resource groups, configurations\">");
    h.raw("<select name=\"reach\" aria-label=\"Connectivity\">");
    option(h, "", "Any connectivity", f.reach() == null);
    option(h, "online", "Online", f.reach() == Fleet.Reach.ONLINE);
    option(h, "offline", "Offline", f.reach() == Fleet.Reach.OFFLINE);
    h.raw("</select><select name=\"compliance\" aria-label=\"Compliance\">");
    option(h, "", "Any compliance", f.compliance() == null);
    for (String s : FleetQuery.STATES) {
      option(h, s, "Has " + s, s.equals(f.compliance()));
    }
    h.raw("</select><button type=\"submit\">Filter</button></form>");
    h.raw("<div data-live>");
    long first = page.total() == 0 ? 0 : (long) (f.page() - 1) * f.size() + 1;
    long last = Math.min(page.total(), (long) f.page() * f.size());
    h.el(
        "p",
        "summary",
        page.total() == 0
            ? "No cluster matches."
            : String.format(Locale.ROOT, "Clusters %,d–%,d of %,d", first, last, page.total()));
    if (!page.rows().isEmpty()) {
      h.table(
          "grid", "Cluster", "Connectivity", "Flux extension", "Configurations", "Needs attention");
      for (Fleet.Row r : page.rows()) {
        row(h, r, page.now());
      }
      h.endTable();
    }
    pager(h, page);
    h.raw(joined);
    h.raw("</div></section>");
    return h.toString();
  }

  private static void row(Html h, Fleet.Row r, Instant now) {
    String cluster = Views.clusterUrl(r.ref());
    h.raw("<tr data-cluster=\"").text(r.ref().clusterName()).raw("\"><td>");
    h.link(cluster, r.ref().clusterName());
    h.el("div", "sub", r.ref().resourceGroup() + " · " + r.ref().subscriptionId());
    h.raw("</td><td>");
    Views.connectivity(h, r, now);
    h.raw("</td><td>");
    Views.extension(h, r.extension());
    h.raw("</td><td>");
    if (r.counts().isEmpty()) {
      h.el("span", "muted", "none");
    }
    for (String s : FleetQuery.STATES) {
      Integer n = r.counts().get(s);
      if (n != null) {
        h.badge(Html.tone(s), n + " " + s).raw(" ");
      }
    }
    h.raw("</td><td>");
    List<String> names = new ArrayList<>(r.attention());
    r.matching().stream().filter(n -> !names.contains(n)).forEach(names::add);
    for (String n : names) {
      h.raw("<div>").link(Views.configurationUrl(r.ref(), n), n).raw("</div>");
    }
    h.raw("</td></tr>");
  }

  private static void pager(Html h, Fleet.Page page) {
    Fleet.Filter f = page.filter();
    if (page.pages() <= 1) {
      return;
    }
    h.raw("<nav class=\"pager\">");
    if (f.page() > 1) {
      h.link(url(f.withPage(f.page() - 1)), "← Previous");
    }
    h.el("span", null, String.format(Locale.ROOT, "Page %,d of %,d", f.page(), page.pages()));
    if (f.page() < page.pages()) {
      h.link(url(f.withPage(f.page() + 1)), "Next →");
    }
    h.raw("</nav>");
  }

  /** The shareable address of a fleet view. */
  static String url(Fleet.Filter f) {
    List<String> params = new ArrayList<>();
    if (!f.q().isEmpty()) {
      params.add("q=" + enc(f.q()));
    }
    if (f.reach() != null) {
      params.add("reach=" + f.reach().name().toLowerCase(Locale.ROOT));
    }
    if (f.compliance() != null) {
      params.add("compliance=" + enc(f.compliance()));
    }
    if (f.page() > 1) {
      params.add("page=" + f.page());
    }
    return params.isEmpty() ? "/" : "/?" + String.join("&", params);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static void option(Html h, String value, String label, boolean selected) {
    h.raw("<option value=\"").text(value).raw(selected ? "\" selected>" : "\">");
    h.text(label).raw("</option>");
  }
}
