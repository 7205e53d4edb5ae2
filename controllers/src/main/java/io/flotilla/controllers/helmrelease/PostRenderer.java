package io.flotilla.controllers.helmrelease;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.flotilla.api.flux.helm.HelmReleaseSpec;
import io.flotilla.controllers.runtime.TempDirs;
import io.flotilla.kustomize.KustomizeException;
import io.flotilla.kustomize.Kustomizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A HelmRelease's post-rendering, in helm-controller's order: each {@code postRenderers[]
 * .kustomize} (its {@code patches} and {@code images}, built by our kustomize over the rendered
 * objects as helm-controller builds them with kustomize's API), then {@code commonMetadata} labels
 * and annotations on every object. Hooks are not post-rendered (the engine hands only the
 * manifest).
 */
final class PostRenderer implements UnaryOperator<List<GenericKubernetesResource>> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private final Kustomizer kustomizer;
  private final Path workDir;
  private final JsonNode postRenderers;
  private final HelmReleaseSpec.CommonMetadata commonMetadata;

  /** A post-renderer could not build; the engine reports it as a failed action. */
  static final class PostRenderException extends RuntimeException {
    PostRenderException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  PostRenderer(
      Kustomizer kustomizer,
      Path workDir,
      JsonNode postRenderers,
      HelmReleaseSpec.CommonMetadata commonMetadata) {
    this.kustomizer = kustomizer;
    this.workDir = workDir;
    this.postRenderers = postRenderers;
    this.commonMetadata = commonMetadata;
  }

  boolean isIdentity() {
    return (postRenderers == null || !postRenderers.isArray() || postRenderers.isEmpty())
        && (commonMetadata == null
            || (empty(commonMetadata.labels()) && empty(commonMetadata.annotations())));
  }

  @Override
  public List<GenericKubernetesResource> apply(List<GenericKubernetesResource> objects) {
    List<GenericKubernetesResource> out = objects;
    if (postRenderers != null && postRenderers.isArray()) {
      for (JsonNode renderer : postRenderers) {
        JsonNode k = renderer.get("kustomize");
        if (k != null && k.isObject()) {
          out = kustomize(out, (ObjectNode) k);
        }
      }
    }
    if (commonMetadata != null) {
      for (GenericKubernetesResource o : out) {
        o.getMetadata().setLabels(merged(o.getMetadata().getLabels(), commonMetadata.labels()));
        o.getMetadata()
            .setAnnotations(merged(o.getMetadata().getAnnotations(), commonMetadata.annotations()));
      }
    }
    return out;
  }

  private List<GenericKubernetesResource> kustomize(
      List<GenericKubernetesResource> objects, ObjectNode spec) {
    Path dir = null;
    try {
      dir = TempDirs.create(workDir, "postrender-");
      StringBuilder yaml = new StringBuilder();
      for (GenericKubernetesResource o : objects) {
        yaml.append("---\n").append(YAML.writeValueAsString(o).replaceFirst("^---\n", ""));
      }
      Files.writeString(dir.resolve("resources.yaml"), yaml.toString());
      Files.writeString(dir.resolve("kustomization.yaml"), "resources:\n- resources.yaml\n");
      ObjectNode top = JSON.createObjectNode();
      if (spec.has("patches")) {
        top.set("patches", spec.get("patches"));
      }
      if (spec.has("images")) {
        top.set("images", spec.get("images"));
      }
      List<GenericKubernetesResource> out = new ArrayList<>();
      for (ObjectNode n : kustomizer.build(dir, dir, top)) {
        out.add(JSON.convertValue(n, GenericKubernetesResource.class));
      }
      return out;
    } catch (KustomizeException | IOException e) {
      throw new PostRenderException(
          "error while running post renderer on files: " + e.getMessage(), e);
    } finally {
      if (dir != null) {
        TempDirs.deleteQuietly(dir);
      }
    }
  }

  private static Map<String, String> merged(Map<String, String> base, Map<String, String> add) {
    if (empty(add)) {
      return base;
    }
    Map<String, String> out = new LinkedHashMap<>(base == null ? Map.of() : base);
    out.putAll(add);
    return out;
  }

  private static boolean empty(Map<String, String> m) {
    return m == null || m.isEmpty();
  }
}
