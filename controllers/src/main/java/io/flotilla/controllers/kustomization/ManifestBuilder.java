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
import io.flotilla.kustomize.postbuild.PostBuild;
import io.flotilla.sops.SopsKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the manifests of a Kustomization from an extracted artifact: kustomize, then postBuild.
 */
record ManifestBuilder(Kustomizer kustomizer, boolean strictSubstitution) {
  private static final ObjectMapper JSON = new ObjectMapper();

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
      JsonNode node = substitute(object, vars);
      try {
        out.add(JSON.convertValue(node, GenericKubernetesResource.class));
      } catch (IllegalArgumentException e) {
        throw new ReconcileException(
            Reasons.BUILD_FAILED, "failed to decode manifests: " + e.getMessage(), false);
      }
    }
    return out;
  }

  /** Flux's postBuild step on one object ({@link PostBuild#substitute}). */
  JsonNode substitute(ObjectNode object, Map<String, String> vars) throws ReconcileException {
    try {
      return PostBuild.substitute(object, vars, strictSubstitution);
    } catch (PostBuild.PostBuildException e) {
      throw new ReconcileException(Reasons.BUILD_FAILED, e.getMessage(), e.stalled());
    }
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

  /** The postBuild variables ({@link PostBuild#variables}), ConfigMaps and Secrets read here. */
  static Map<String, String> variables(KubernetesClient client, Kustomization ks)
      throws ReconcileException {
    String ns = ks.getMetadata().getNamespace();
    try {
      return PostBuild.variables(
          JSON.valueToTree(ks.getSpec().postBuild()),
          (kind, name) -> {
            if (kind.equals("ConfigMap")) {
              ConfigMap cm = client.configMaps().inNamespace(ns).withName(name).get();
              return cm == null ? null : cm.getData() == null ? Map.of() : cm.getData();
            }
            Secret s = client.secrets().inNamespace(ns).withName(name).get();
            return s == null ? null : PostBuild.secretData(s.getData());
          });
    } catch (PostBuild.PostBuildException e) {
      throw new ReconcileException(Reasons.BUILD_FAILED, e.getMessage(), e.stalled());
    }
  }
}
