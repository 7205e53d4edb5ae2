package io.flotilla.kustomize.postbuild;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kustomize.Yaml;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flux's postBuild step, shared by the Kustomization controller and {@code flux diff
 * kustomization}: the variables of {@code spec.postBuild} ({@code substituteFrom} in order, then
 * {@code substitute}; later wins), and their substitution into each built object.
 */
public final class PostBuild {
  /** The label or annotation that, set to {@code disabled}, exempts an object. */
  public static final String DISABLED = Substitution.DISABLED_ANNOTATION;

  private PostBuild() {}

  /** Where {@code substituteFrom} data comes from: a ConfigMap's or Secret's (decoded) data. */
  public interface Sources {
    /** The data of {@code kind/name} in the Kustomization's namespace, or null when absent. */
    Map<String, String> data(String kind, String name);
  }

  /** A postBuild failure in Flux's words; {@code stalled} when retrying cannot help. */
  public static final class PostBuildException extends Exception {
    private final boolean stalled;

    PostBuildException(String message, boolean stalled) {
      super(message);
      this.stalled = stalled;
    }

    public boolean stalled() {
      return stalled;
    }
  }

  /**
   * The variables of a {@code spec.postBuild} (as JSON): each {@code substituteFrom} ref in order,
   * then {@code substitute}; a missing ref that is not {@code optional} fails. Values lose their
   * line breaks, as a value may not add lines (and so keys) to an object.
   */
  public static Map<String, String> variables(JsonNode postBuild, Sources sources)
      throws PostBuildException {
    Map<String, String> vars = new LinkedHashMap<>();
    if (postBuild == null || postBuild.isMissingNode() || postBuild.isNull()) {
      return vars;
    }
    for (JsonNode ref : postBuild.path("substituteFrom")) {
      String kind = ref.path("kind").asText();
      String name = ref.path("name").asText();
      if (!kind.equals("ConfigMap") && !kind.equals("Secret")) {
        throw new PostBuildException("unsupported substituteFrom kind '" + kind + "'", true);
      }
      Map<String, String> data = sources.data(kind, name);
      if (data == null && !ref.path("optional").asBoolean(false)) {
        throw new PostBuildException(
            "substitute from '"
                + kind
                + "/"
                + name
                + "' error: "
                + kind.toLowerCase(java.util.Locale.ROOT)
                + "s \""
                + name
                + "\" not found",
            false);
      }
      if (data != null) {
        vars.putAll(data);
      }
    }
    postBuild
        .path("substitute")
        .fields()
        .forEachRemaining(e -> vars.put(e.getKey(), e.getValue().asText()));
    vars.replaceAll((name, value) -> withoutLineBreaks(value));
    return vars;
  }

  /** A Secret's {@code data} as substituteFrom reads it: each value base64-decoded as UTF-8. */
  public static Map<String, String> secretData(Map<String, String> data) {
    Map<String, String> out = new LinkedHashMap<>();
    if (data != null) {
      data.forEach(
          (k, v) ->
              out.put(
                  k,
                  new String(
                      java.util.Base64.getDecoder().decode(v),
                      java.nio.charset.StandardCharsets.UTF_8)));
    }
    return out;
  }

  /** A carriage return is a YAML line break too. */
  public static String withoutLineBreaks(String value) {
    return value == null ? null : value.replace("\n", "").replace("\r", "");
  }

  /**
   * Flux skips objects labelled or annotated {@code kustomize.toolkit.fluxcd.io/substitute:
   * disabled}.
   */
  public static boolean disabled(JsonNode object) {
    JsonNode meta = object.path("metadata");
    return "disabled".equals(meta.path("labels").path(DISABLED).asText())
        || "disabled".equals(meta.path("annotations").path(DISABLED).asText());
  }

  /**
   * One object: unchanged when there are no variables or it is exempt; else its YAML as kustomize
   * prints it, the variables substituted into that text, and the text read back as sigs.k8s.io/yaml
   * does (so quoting still decides types), except that a mapping key written twice is refused
   * rather than silently resolved, and the read keeps the bounds of a build.
   */
  public static JsonNode substitute(ObjectNode object, Map<String, String> vars, boolean strict)
      throws PostBuildException {
    if (vars.isEmpty() || disabled(object)) {
      return object;
    }
    String failure;
    try {
      List<JsonNode> docs = Yaml.read(Substitution.apply(Yaml.write(object), vars, strict));
      if (docs.size() == 1 && docs.get(0).isObject()) {
        return docs.get(0);
      }
      failure =
          "YAMLToJSON: the substituted text is %d documents, not one object".formatted(docs.size());
    } catch (Substitution.SubstitutionException e) {
      failure = "variable substitution failed: " + e.getMessage();
    } catch (Yaml.InvalidYamlException e) {
      failure = "YAMLToJSON: " + e.getMessage();
    }
    throw new PostBuildException(
        "post build failed for '" + describe(object) + "': envsubst error: " + failure, false);
  }

  /**
   * A resource as Flux names it in post-build errors: kustomize's GVK ({@code Kind.version.group},
   * {@code [noGrp]} for the core group), a slash, the name; e.g. {@code ConfigMap.v1.[noGrp]/app}.
   */
  public static String describe(JsonNode n) {
    String apiVersion = n.path("apiVersion").asText();
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    return orElse(n.path("kind").asText(), "[noKind]")
        + "."
        + orElse(version, "[noVer]")
        + "."
        + orElse(group, "[noGrp]")
        + "/"
        + n.path("metadata").path("name").asText();
  }

  private static String orElse(String s, String fallback) {
    return s == null || s.isEmpty() ? fallback : s;
  }
}
