package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.gotext.GoFloat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * kustomize's (deprecated) {@code vars}: {@code $(NAME)} in the fields listed under {@code
 * varReference} is replaced, once at the top level after names are final, by a field of the
 * resource the var names (matched by any name it has had). {@code $$} escapes a dollar; an unknown
 * {@code $(X)} stays as it is; a string that is exactly one reference takes the field's type (so a
 * port stays a number).
 */
final class Vars {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Vars() {}

  /** One var: where its value comes from. */
  record Var(
      String name, String group, String version, String kind, String objName, String fieldPath) {

    /** Go's {@code %v} of kustomize's Var, as its messages print it. */
    String describe() {
      return "{%s %s.%s.%s {%s}}"
          .formatted(
              name,
              kind.isEmpty() ? "[noKind]" : kind,
              version.isEmpty() ? "[noVer]" : version,
              group.isEmpty() ? "[noGrp]" : group,
              fieldPath);
    }

    boolean matches(ResId id) {
      return id.group().equals(group)
          && id.version().equals(version)
          && id.kind().equals(kind)
          && id.name().equals(objName);
    }
  }

  static Var parse(JsonNode n) throws KustomizeException {
    JsonNode ref = n.path("objref");
    String apiVersion = ref.path("apiVersion").asText("");
    String group = ref.path("group").asText("");
    String version = ref.path("version").asText("");
    if (!apiVersion.isEmpty()) {
      int slash = apiVersion.indexOf('/');
      group = slash < 0 ? "" : apiVersion.substring(0, slash);
      version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    }
    String path = n.path("fieldref").path("fieldpath").asText("");
    return new Var(
        n.path("name").asText(""),
        group,
        version,
        ref.path("kind").asText(""),
        ref.path("name").asText(""),
        path.isEmpty() ? "metadata.name" : path);
  }

  /** Adds {@code more} to {@code vars}, failing on a name that is already there. */
  static void merge(List<Var> vars, List<Var> more) throws KustomizeException {
    for (Var v : more) {
      for (Var have : vars) {
        if (have.name().equals(v.name())) {
          throw new KustomizeException("var '" + v.name() + "' already encountered");
        }
      }
      vars.add(v);
    }
  }

  /** Replaces the references in {@code resources}. */
  static void resolve(List<Var> vars, List<Res> resources, List<FieldSpec> specs)
      throws KustomizeException {
    if (vars.isEmpty()) return;
    List<Var> sorted = new ArrayList<>(vars);
    sorted.sort(Comparator.comparing(Var::name));
    Map<String, JsonNode> values = new LinkedHashMap<>();
    for (Var v : sorted) {
      List<Res> matched = new ArrayList<>();
      for (Res r : resources) {
        boolean any = v.matches(r.id());
        for (ResId p : r.previous) any |= v.matches(p);
        if (any) matched.add(r);
      }
      if (matched.size() > 1) {
        throw new KustomizeException(
            "found %d resId matches for var %s (unable to disambiguate)"
                .formatted(matched.size(), v.describe()));
      }
      if (matched.isEmpty()) {
        throw new KustomizeException(
            "var '%s' cannot be mapped to a field in the set of known resources"
                .formatted(v.describe()));
      }
      JsonNode value = lookup(matched.get(0).obj, v.fieldPath());
      if (value == null || value.isNull() || value.isMissingNode()) {
        throw new KustomizeException(
            "field specified in var '%s' not found in corresponding resource"
                .formatted(v.describe()));
      }
      values.put(v.name(), value);
    }
    for (Res r : resources) {
      ResId id = r.id();
      for (FieldSpec fs : specs) {
        if (!fs.appliesTo(id)) continue;
        fs.visit(r.obj, (parent, field) -> set(parent, field, values));
      }
    }
  }

  private static void set(ObjectNode parent, String field, Map<String, JsonNode> values)
      throws KustomizeException {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) return;
    if (n.isTextual()) {
      parent.set(field, expand(n.asText(), values));
    } else if (n instanceof ObjectNode map) {
      for (var it = map.fields(); it.hasNext(); ) {
        var e = it.next();
        if (e.getValue().isTextual()) {
          // labels and annotations hold strings, whatever the var's type
          e.setValue(F.textNode(text(expand(e.getValue().asText(), values))));
        }
      }
    } else if (n instanceof ArrayNode list) {
      for (int i = 0; i < list.size(); i++) {
        if (!list.get(i).isTextual()) {
          throw new KustomizeException("invalid value type expect a string");
        }
        list.set(i, expand(list.get(i).asText(), values));
      }
    }
  }

  /** Kubernetes' {@code $(VAR)} expansion, keeping the type when the input is one reference. */
  static JsonNode expand(String input, Map<String, JsonNode> values) {
    StringBuilder out = new StringBuilder();
    int checkpoint = 0;
    for (int cursor = 0; cursor < input.length(); cursor++) {
      if (input.charAt(cursor) != '$' || cursor + 1 >= input.length()) continue;
      out.append(input, checkpoint, cursor);
      char next = input.charAt(cursor + 1);
      int advance;
      if (next == '$') {
        out.append('$');
        advance = 1;
      } else if (next == '(') {
        int close = input.indexOf(')', cursor + 2);
        if (close < 0) {
          out.append("$(");
          advance = 1;
        } else {
          String name = input.substring(cursor + 2, close);
          JsonNode value = values.get(name);
          if (value != null && input.equals("$(" + name + ")")) {
            return value.deepCopy();
          }
          out.append(value == null ? "$(" + name + ")" : text(value));
          advance = close - cursor;
        }
      } else {
        out.append('$').append(next);
        advance = 1;
      }
      cursor += advance;
      checkpoint = cursor + 1;
    }
    out.append(input, Math.min(checkpoint, input.length()), input.length());
    return F.textNode(out.toString());
  }

  /** Go's {@code %v} of a decoded value. */
  private static String text(JsonNode v) {
    if (v.isFloatingPointNumber()) return GoFloat.format(v.doubleValue());
    return v.asText();
  }

  /** The value at a dotted field path ({@code spec.ports[0].port}, {@code a.[name=x].b}). */
  static JsonNode lookup(JsonNode obj, String path) {
    JsonNode cur = obj;
    for (String part : split(path)) {
      if (cur == null) return null;
      if (part.startsWith("[") && part.endsWith("]") && part.contains("=")) {
        String k = part.substring(1, part.indexOf('='));
        String want = part.substring(part.indexOf('=') + 1, part.length() - 1);
        JsonNode found = null;
        for (JsonNode e : cur) {
          JsonNode f = e.get(k);
          if (f != null && f.asText().equals(want)) {
            found = e;
            break;
          }
        }
        cur = found;
      } else if (cur.isArray()) {
        if (part.equals("-")) {
          cur = cur.isEmpty() ? null : cur.get(cur.size() - 1);
        } else {
          try {
            cur = cur.get(Integer.parseInt(part));
          } catch (NumberFormatException e) {
            return null;
          }
        }
      } else {
        cur = cur.get(part);
      }
    }
    return cur;
  }

  private static List<String> split(String path) {
    List<String> parts = Replacements.segments(path);
    List<String> out = new ArrayList<>();
    for (String p : parts) {
      int open = p.indexOf('[');
      if (open > 0 && p.endsWith("]") && p.substring(open + 1, p.length() - 1).matches("\\d+")) {
        out.add(p.substring(0, open));
        out.add(p.substring(open + 1, p.length() - 1));
      } else {
        out.add(p);
      }
    }
    return out;
  }

  /** kustomize's built-in varReference field specs. */
  static List<FieldSpec> builtinReferences() {
    List<FieldSpec> out = new ArrayList<>();
    Map<String, String> podSpecs = new LinkedHashMap<>();
    podSpecs.put("CronJob", "spec/jobTemplate/spec/template/spec");
    for (String k : List.of("DaemonSet", "Deployment", "Job", "ReplicaSet", "StatefulSet")) {
      podSpecs.put(k, "spec/template/spec");
    }
    podSpecs.put("Pod", "spec");
    for (var e : podSpecs.entrySet()) {
      for (String c : List.of("containers", "initContainers")) {
        for (String f : List.of("args", "command", "env/value", "volumeMounts/mountPath")) {
          out.add(FieldSpec.of(null, null, e.getKey(), e.getValue() + "/" + c + "/" + f, false));
        }
      }
      String nfs =
          e.getKey().equals("StatefulSet")
              ? "spec/volumeClaimTemplates/spec/nfs/server"
              : e.getValue() + "/volumes/nfs/server";
      out.add(FieldSpec.of(null, null, e.getKey(), nfs, false));
    }
    for (String p : List.of("spec/rules/host", "spec/tls/hosts", "spec/tls/secretName")) {
      out.add(FieldSpec.of(null, null, "Ingress", p, false));
    }
    for (String p : List.of("spec/ports/port", "spec/ports/targetPort")) {
      out.add(FieldSpec.of(null, null, "Service", p, false));
    }
    out.add(FieldSpec.of(null, null, "PersistentVolume", "spec/nfs/server", false));
    // v5.5 expands a Deployment's pod template annotations, and no other kind's
    out.add(FieldSpec.of(null, null, "Deployment", "spec/template/metadata/annotations", false));
    out.add(FieldSpec.of(null, null, null, "metadata/labels", false));
    out.add(FieldSpec.of(null, null, null, "metadata/annotations", false));
    return out;
  }
}
