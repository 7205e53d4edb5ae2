package io.flotilla.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Splits Helm's rendered output into release manifests and hooks ({@code pkg/releaseutil}): one
 * document per {@code ---}, its template path from the {@code # Source:} comment, hooks told by the
 * {@code helm.sh/hook} annotation with their weight and delete policies.
 */
final class Manifests {
  static final String HOOK = "helm.sh/hook";
  static final String HOOK_WEIGHT = "helm.sh/hook-weight";
  static final String HOOK_DELETE_POLICY = "helm.sh/hook-delete-policy";
  private static final Pattern SEPARATOR = Pattern.compile("(?m)^---[ \\t]*$\\n?");
  private static final String SOURCE = "# Source: ";

  private Manifests() {}

  /** A rendered document: template path, YAML text without the Source line, the object. */
  record Doc(String path, String content, GenericKubernetesResource object) {
    /** The document as Helm writes it into the release manifest. */
    String manifestText() {
      return "---\n" + SOURCE + path + "\n" + content + "\n";
    }
  }

  /** A hook: its document and what Helm records of it. */
  record Hook(Doc doc, List<String> events, int weight, List<String> deletePolicies) {
    String name() {
      return doc.object().getMetadata().getName();
    }

    String kind() {
      return doc.object().getKind();
    }

    boolean on(String event) {
      // test-success is Helm 2's name of the test event, still honoured by Helm 3
      return events.contains(event) || (event.equals("test") && events.contains("test-success"));
    }

    /** Helm's stored hook, not yet run. */
    ObjectNode toJson() {
      JsonNodeFactory f = JsonNodeFactory.instance;
      ObjectNode h = f.objectNode();
      h.put("name", name());
      h.put("kind", kind());
      h.put("path", doc.path());
      h.put("manifest", doc.content());
      ArrayNode ev = h.putArray("events");
      events.forEach(ev::add);
      h.putObject("last_run").put("started_at", "").put("completed_at", "").put("phase", "");
      if (weight != 0) h.put("weight", weight);
      if (!deletePolicies.isEmpty()) {
        ArrayNode dp = h.putArray("delete_policies");
        deletePolicies.forEach(dp::add);
      }
      return h;
    }
  }

  record Split(List<Doc> manifests, List<Hook> hooks) {}

  /** Splits a rendered stream; empty documents are dropped as Helm drops them. */
  static Split split(String rendered) throws ReleaseException {
    List<Doc> manifests = new ArrayList<>();
    List<Hook> hooks = new ArrayList<>();
    for (String raw : SEPARATOR.split(rendered)) {
      String path = "";
      String body = raw;
      if (body.startsWith(SOURCE)) {
        int nl = body.indexOf('\n');
        path =
            (nl < 0 ? body.substring(SOURCE.length()) : body.substring(SOURCE.length(), nl))
                .strip();
        body = nl < 0 ? "" : body.substring(nl + 1);
      }
      String content = body.stripTrailing();
      GenericKubernetesResource object = parse(path, content);
      if (object == null) continue;
      Doc doc = new Doc(path, content, object);
      Map<String, String> ann = object.getMetadata().getAnnotations();
      String events = ann == null ? null : ann.get(HOOK);
      if (events == null) {
        manifests.add(doc);
      } else {
        hooks.add(
            new Hook(
                doc,
                list(events),
                weight(ann.get(HOOK_WEIGHT)),
                list(ann.get(HOOK_DELETE_POLICY))));
      }
    }
    return new Split(manifests, hooks);
  }

  /** Every object of a multi-document YAML file (CRDs from {@code crds/}). */
  static List<Doc> objects(String path, String yaml) throws ReleaseException {
    List<Doc> out = new ArrayList<>();
    for (String raw : SEPARATOR.split(yaml)) {
      GenericKubernetesResource o = parse(path, raw.strip());
      if (o != null) out.add(new Doc(path, raw.strip(), o));
    }
    return out;
  }

  /** Helm's execution order of hooks: by weight, then by name (a stable sort). */
  static List<Hook> ordered(List<Hook> hooks, String event) {
    return hooks.stream()
        .filter(h -> h.on(event))
        .sorted(Comparator.comparingInt(Hook::weight).thenComparing(Hook::name))
        .toList();
  }

  /** Parses stored hooks back (a release Helm or this engine wrote). */
  static List<Hook> storedHooks(ArrayNode hooks) throws ReleaseException {
    List<Hook> out = new ArrayList<>();
    for (JsonNode h : hooks) {
      String path = h.path("path").asText("");
      String content = h.path("manifest").asText("");
      GenericKubernetesResource o = parse(path, content);
      if (o == null) continue;
      List<String> events = new ArrayList<>();
      h.path("events").forEach(e -> events.add(e.asText()));
      List<String> policies = new ArrayList<>();
      h.path("delete_policies").forEach(e -> policies.add(e.asText()));
      out.add(new Hook(new Doc(path, content, o), events, h.path("weight").asInt(0), policies));
    }
    return out;
  }

  private static GenericKubernetesResource parse(String path, String content)
      throws ReleaseException {
    if (content.isBlank()) return null;
    try {
      JsonNode n = Charts.YAML.readTree(content);
      if (n == null || n.isNull() || n.isMissingNode() || (n.isObject() && n.isEmpty())) {
        return null;
      }
      GenericKubernetesResource o = Charts.YAML.treeToValue(n, GenericKubernetesResource.class);
      if (o.getKind() == null
          || o.getApiVersion() == null
          || o.getMetadata() == null
          || o.getMetadata().getName() == null) {
        throw new ReleaseException(
            ReleaseException.Kind.CHART,
            "template '%s' rendered an object without apiVersion, kind or metadata.name"
                .formatted(path));
      }
      return o;
    } catch (IOException e) {
      throw new ReleaseException(
          ReleaseException.Kind.CHART,
          "template '%s' rendered invalid YAML: %s".formatted(path, e.getMessage()),
          e);
    }
  }

  private static List<String> list(String csv) {
    if (csv == null || csv.isBlank()) return List.of();
    List<String> out = new ArrayList<>();
    for (String s : csv.split(",")) {
      if (!s.isBlank()) out.add(s.strip());
    }
    return List.copyOf(out);
  }

  private static int weight(String s) {
    if (s == null) return 0;
    try {
      return Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      return 0; // Helm's strconv.Atoi failure leaves the weight at 0
    }
  }
}
