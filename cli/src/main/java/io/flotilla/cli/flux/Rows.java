package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** flux's columns for a kind and one row per object, filtered by {@code --status-selector}. */
final class Rows {
  private final boolean allNamespaces;
  private final boolean noHeader;
  private final String selector;
  private final boolean showSource;

  Rows(GetGroup flags, boolean showSource) {
    this.allNamespaces = flags.allNamespaces;
    this.noHeader = flags.noHeader;
    this.selector = flags.statusSelector;
    this.showSource = showSource;
  }

  List<String> header(FluxKind kind) {
    if (noHeader) {
      return List.of();
    }
    List<String> h = new ArrayList<>();
    if (allNamespaces) {
      h.add("Namespace");
    }
    h.add("Name");
    if (showSource && kind == FluxKind.HELM_RELEASE) {
      h.add("Source");
    }
    h.addAll(
        switch (kind) {
          case ALERT_PROVIDER -> List.of("Ready", "Message");
          case ALERT, RECEIVER -> List.of("Suspended", "Ready", "Message");
          case IMAGE_REPOSITORY, IMAGE_POLICY, IMAGE_UPDATE -> ImageColumns.header(kind);
          default -> List.of("Revision", "Suspended", "Ready", "Message");
        });
    return h;
  }

  List<List<String>> rows(List<FluxObject> objects, boolean includeKind) {
    String[] wanted = selector();
    List<List<String>> rows = new ArrayList<>();
    for (FluxObject o : objects) {
      if (wanted == null || matches(o, wanted[0], wanted[1])) {
        rows.add(row(o, includeKind));
      }
    }
    return rows;
  }

  private String[] selector() {
    if (selector == null || selector.isEmpty()) {
      return null;
    }
    String[] parts = selector.split("=", 2);
    if (parts.length != 2) {
      throw new FluxException(
          "expected status selector in type=status format, but found: " + selector);
    }
    return parts;
  }

  /** Provider and Alert v1beta3 have no conditions: flux's selector never matches them. */
  private static boolean matches(FluxObject o, String type, String status) {
    return o.kind().hasStatus()
        && o.condition(type)
            .map(c -> c.path("status").asText().equalsIgnoreCase(status))
            .orElse(false);
  }

  private List<String> row(FluxObject o, boolean includeKind) {
    List<String> row = new ArrayList<>();
    if (allNamespaces) {
      row.add(o.namespace());
    }
    row.add(includeKind ? o.kind().kind().toLowerCase(Locale.ROOT) + "/" + o.name() : o.name());
    if (showSource && o.kind() == FluxKind.HELM_RELEASE) {
      row.add(source(o));
    }
    String status = o.ready().map(c -> c.path("status").asText()).orElse("False");
    String message =
        o.ready().map(c -> c.path("message").asText("")).orElse("waiting to be reconciled");
    if (!o.kind().hasStatus()) {
      // flux reports these static objects ready as they are
      status = "True";
      message = o.kind().kind() + " is Ready";
    }
    if (ImageColumns.covers(o.kind())) {
      row.addAll(ImageColumns.cells(o, status, message));
      return row;
    }
    if (o.kind() == FluxKind.ALERT_PROVIDER) {
      row.add(status);
      row.add(message);
      return row;
    }
    if (o.kind() == FluxKind.ALERT || o.kind() == FluxKind.RECEIVER) {
      row.add(o.suspended() ? "True" : "False");
      row.add(status);
      row.add(message);
      return row;
    }
    boolean truncate = o.kind() != FluxKind.HELM_RELEASE;
    row.add(truncate ? Hex.truncate(o.revision()) : o.revision());
    row.add(o.suspended() ? "True" : "False");
    row.add(status);
    row.add(truncate ? Hex.truncate(message) : message);
    return row;
  }

  /** {@code Kind/namespace/name} of a HelmRelease's chart source. */
  private static String source(FluxObject hr) {
    JsonNode ref =
        hr.spec().has("chartRef")
            ? hr.spec().path("chartRef")
            : hr.spec().path("chart").path("spec").path("sourceRef");
    String ns = ref.path("namespace").asText("");
    return ref.path("kind").asText()
        + "/"
        + (ns.isEmpty() ? hr.namespace() : ns)
        + "/"
        + ref.path("name").asText();
  }
}
