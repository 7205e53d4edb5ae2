package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A patch or replacement target: group, version and kind compared exactly, name and namespace as
 * anchored regular expressions (against the original or the current value), label and annotation
 * selectors.
 */
record Selector(
    String group,
    String version,
    String kind,
    String name,
    String namespace,
    String labelSelector,
    String annotationSelector) {

  static Selector fromNode(JsonNode n) {
    return new Selector(
        text(n, "group"),
        text(n, "version"),
        text(n, "kind"),
        text(n, "name"),
        text(n, "namespace"),
        text(n, "labelSelector"),
        text(n, "annotationSelector"));
  }

  private static String text(JsonNode n, String f) {
    JsonNode v = n.get(f);
    return v == null || v.isNull() ? null : v.asText();
  }

  boolean matches(Res r) throws KustomizeException {
    ResId cur = r.id();
    ResId org = r.origin();
    if (group != null && !group.isEmpty() && !group.equals(cur.group())) return false;
    if (version != null && !version.isEmpty() && !version.equals(cur.version())) return false;
    if (kind != null && !kind.isEmpty() && !kind.equals(cur.kind())) return false;
    if (name != null && !name.isEmpty()) {
      GoRegexp p = regex(name);
      boolean any = false;
      for (String n : r.names()) {
        if (matches(p, n)) any = true;
      }
      if (!any) return false;
    }
    if (namespace != null && !namespace.isEmpty()) {
      GoRegexp p = regex(namespace);
      if (!matches(p, effective(org)) && !matches(p, effective(cur))) {
        return false;
      }
    }
    if (labelSelector != null && !labelSelector.isEmpty()) {
      if (!LabelSelector.parse(labelSelector).matches(r.obj.path("metadata").path("labels"))) {
        return false;
      }
    }
    if (annotationSelector != null && !annotationSelector.isEmpty()) {
      if (!LabelSelector.parse(annotationSelector)
          .matches(r.obj.path("metadata").path("annotations"))) {
        return false;
      }
    }
    return true;
  }

  private static String effective(ResId id) {
    if (ClusterScoped.is(id)) return id.namespace();
    return id.namespace().isEmpty() ? "default" : id.namespace();
  }

  private static boolean matches(GoRegexp p, String value) throws KustomizeException {
    try {
      return p.matcher(value).matches();
    } catch (GoRegexp.TooComplex e) {
      throw new KustomizeException(e.getMessage() + " in target");
    }
  }

  private static GoRegexp regex(String s) throws KustomizeException {
    try {
      return GoRegexp.compile("^(?:" + s + ")$");
    } catch (GoRegexp.SyntaxError e) {
      throw new KustomizeException("invalid regular expression '" + s + "' in target");
    }
  }
}
