package io.flotilla.controllers.kustomization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.kustomize.KustomizationSpec;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.controllers.runtime.ReconcileException;
import io.flotilla.kustomize.KustomizeException;
import io.flotilla.kustomize.Kustomizer;
import io.flotilla.kustomize.Yaml;
import io.flotilla.sops.SopsKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the manifests of a Kustomization from an extracted artifact: kustomize, then postBuild.
 */
final class ManifestBuilder {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Kustomizer kustomizer;
  private final boolean strictSubstitution;

  ManifestBuilder(Kustomizer kustomizer, boolean strictSubstitution) {
    this.kustomizer = kustomizer;
    this.strictSubstitution = strictSubstitution;
  }

  List<GenericKubernetesResource> build(KubernetesClient client, Kustomization ks, Path root)
      throws ReconcileException {
    return build(client, ks, root, null);
  }

  /**
   * With {@code decryption} (the keys of spec.decryption, or null): the build reads a private copy
   * of the tree whose generator and patch files are decrypted, and decrypts Secrets after it.
   */
  List<GenericKubernetesResource> build(
      KubernetesClient client, Kustomization ks, Path root, SopsKeys decryption)
      throws ReconcileException {
    SopsDecryption sops = decryption == null ? null : new SopsDecryption(decryption);
    List<ObjectNode> objects;
    Path copy = null;
    try {
      Path buildRoot = root;
      if (sops != null) {
        try {
          copy = SopsDecryption.privateCopy(root);
        } catch (IOException e) {
          throw new ReconcileException(
              Reasons.BUILD_FAILED, "cannot prepare decryption: " + e.getMessage(), false);
        }
        buildRoot = copy;
      }
      Path dir = resolve(buildRoot, ks.getSpec().path());
      if (sops != null) {
        sops.decryptSources(buildRoot, dir);
      }
      objects = kustomizer.build(buildRoot, dir, topLevelFields(ks.getSpec()));
    } catch (KustomizeException e) {
      throw new ReconcileException(
          Reasons.BUILD_FAILED, "kustomize build failed: " + e.getMessage(), false);
    } finally {
      SopsDecryption.delete(copy);
    }
    for (ObjectNode object : objects) {
      if (sops != null) {
        sops.decryptResource(object);
      } else {
        SopsDecryption.refuseEncrypted(object);
      }
    }
    Map<String, String> vars = variables(client, ks);
    List<GenericKubernetesResource> out = new ArrayList<>();
    for (ObjectNode object : objects) {
      JsonNode node =
          vars.isEmpty() || substitutionDisabled(object) ? object : substitute(object, vars);
      try {
        out.add(JSON.convertValue(node, GenericKubernetesResource.class));
      } catch (IllegalArgumentException e) {
        throw new ReconcileException(
            Reasons.BUILD_FAILED, "failed to decode manifests: " + e.getMessage(), false);
      }
    }
    return out;
  }

  /**
   * Flux skips objects labelled or annotated {@code kustomize.toolkit.fluxcd.io/substitute:
   * disabled}.
   */
  private static boolean substitutionDisabled(JsonNode object) {
    JsonNode meta = object.path("metadata");
    return "disabled".equals(meta.path("labels").path(Substitution.DISABLED_ANNOTATION).asText())
        || "disabled"
            .equals(meta.path("annotations").path(Substitution.DISABLED_ANNOTATION).asText());
  }

  /**
   * Flux's postBuild step on one object: its YAML as kustomize prints it, the variables substituted
   * into that text, and the text read back as sigs.k8s.io/yaml does (so quoting still decides
   * types), except that a mapping key the substitution wrote twice is refused rather than silently
   * resolved, and the read keeps the bounds of a build.
   */
  JsonNode substitute(ObjectNode object, Map<String, String> vars) throws ReconcileException {
    String failure;
    try {
      List<JsonNode> docs =
          Yaml.read(Substitution.apply(Yaml.write(object), vars, strictSubstitution));
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
    throw new ReconcileException(
        Reasons.BUILD_FAILED,
        "post build failed for '" + describe(object) + "': envsubst error: " + failure,
        false);
  }

  /**
   * The Kustomization's kustomize passthrough, as Flux merges it into the top kustomization:
   * targetNamespace, namePrefix/Suffix, patches, images, components, and commonMetadata as labels
   * that leave selectors alone plus annotations.
   */
  static ObjectNode topLevelFields(KustomizationSpec spec) {
    ObjectNode out = JSON.createObjectNode();
    if (spec.targetNamespace() != null && !spec.targetNamespace().isEmpty()) {
      out.put("namespace", spec.targetNamespace());
    }
    if (spec.namePrefix() != null && !spec.namePrefix().isEmpty()) {
      out.put("namePrefix", spec.namePrefix());
    }
    if (spec.nameSuffix() != null && !spec.nameSuffix().isEmpty()) {
      out.put("nameSuffix", spec.nameSuffix());
    }
    if (spec.patches() != null && !spec.patches().isEmpty()) {
      out.set("patches", JSON.valueToTree(spec.patches()));
    }
    if (spec.images() != null && !spec.images().isEmpty()) {
      out.set("images", JSON.valueToTree(spec.images()));
    }
    if (spec.components() != null && !spec.components().isEmpty()) {
      out.set("components", JSON.valueToTree(spec.components()));
    }
    KustomizationSpec.CommonMetadata meta = spec.commonMetadata();
    if (meta != null && meta.labels() != null && !meta.labels().isEmpty()) {
      ObjectNode label = out.putArray("labels").addObject();
      label.set("pairs", JSON.valueToTree(meta.labels()));
    }
    if (meta != null && meta.annotations() != null && !meta.annotations().isEmpty()) {
      out.set("commonAnnotations", JSON.valueToTree(meta.annotations()));
    }
    return out;
  }

  static Path resolve(Path root, String path) throws ReconcileException {
    String rel = path == null ? "" : path.replaceFirst("^\\./", "").replaceFirst("^/", "");
    Path dir = root.resolve(rel).normalize();
    if (!dir.startsWith(root.normalize())) {
      throw new ReconcileException(
          Reasons.BUILD_FAILED, "path '" + path + "' points outside the source", true);
    }
    if (!Files.isDirectory(dir)) {
      throw new ReconcileException(
          Reasons.BUILD_FAILED,
          "kustomization path not found: '" + path + "': no such file or directory",
          false);
    }
    return dir;
  }

  /**
   * substituteFrom in order (later wins), then inline substitute; a missing non-optional ref fails.
   */
  static Map<String, String> variables(KubernetesClient client, Kustomization ks)
      throws ReconcileException {
    KustomizationSpec.PostBuild post = ks.getSpec().postBuild();
    Map<String, String> vars = new LinkedHashMap<>();
    if (post == null) {
      return vars;
    }
    String ns = ks.getMetadata().getNamespace();
    if (post.substituteFrom() != null) {
      for (var ref : post.substituteFrom()) {
        Map<String, String> data =
            switch (ref.kind()) {
              case "ConfigMap" -> {
                ConfigMap cm = client.configMaps().inNamespace(ns).withName(ref.name()).get();
                yield cm == null ? null : cm.getData();
              }
              case "Secret" -> {
                Secret s = client.secrets().inNamespace(ns).withName(ref.name()).get();
                yield s == null ? null : decode(s.getData());
              }
              default ->
                  throw new ReconcileException(
                      Reasons.BUILD_FAILED,
                      "unsupported substituteFrom kind '" + ref.kind() + "'",
                      true);
            };
        if (data == null && !Boolean.TRUE.equals(ref.optional())) {
          throw new ReconcileException(
              Reasons.BUILD_FAILED,
              "substitute from '"
                  + ref.kind()
                  + "/"
                  + ref.name()
                  + "' error: "
                  + ref.kind().toLowerCase()
                  + "s \""
                  + ref.name()
                  + "\" not found",
              false);
        }
        if (data != null) {
          vars.putAll(data);
        }
      }
    }
    if (post.substitute() != null) {
      vars.putAll(post.substitute());
    }
    vars.replaceAll((name, value) -> withoutLineBreaks(value));
    return vars;
  }

  /**
   * Flux removes the newlines of every value, since a value may not add lines (and so keys) to the
   * object it is substituted into; a carriage return is a YAML line break too.
   */
  static String withoutLineBreaks(String value) {
    return value == null ? null : value.replace("\n", "").replace("\r", "");
  }

  private static Map<String, String> decode(Map<String, String> data) {
    Map<String, String> out = new LinkedHashMap<>();
    if (data != null) {
      data.forEach(
          (k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    return out;
  }

  /**
   * A resource as Flux names it in post-build errors: kustomize's GVK ({@code Kind.version.group},
   * {@code [noGrp]} for the core group), a slash, the name; e.g. {@code ConfigMap.v1.[noGrp]/app}.
   */
  static String describe(JsonNode n) {
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
