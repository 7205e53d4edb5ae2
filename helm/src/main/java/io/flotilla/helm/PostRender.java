package io.flotilla.helm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Runs the caller's post-renderer (Flux's post-renderers and commonMetadata) and its owner labels
 * on the rendered manifests, hooks excluded, as Helm runs a post-renderer before it stores and
 * applies a release. Untouched manifests keep Helm's text; changed ones are written back as YAML
 * under the {@code # Source:} of the template they came from.
 */
final class PostRender {
  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .build();

  private PostRender() {}

  record Result(List<GenericKubernetesResource> objects, String manifest) {}

  static Result apply(
      List<Manifests.Doc> docs,
      UnaryOperator<List<GenericKubernetesResource>> postRenderer,
      Map<String, String> ownerLabels)
      throws ReleaseException {
    List<GenericKubernetesResource> objects = new ArrayList<>();
    docs.forEach(d -> objects.add(Kube.copy(d.object())));
    List<GenericKubernetesResource> out =
        postRenderer == null ? objects : postRenderer.apply(new ArrayList<>(objects));
    if (out == null) {
      throw new ReleaseException(ReleaseException.Kind.CHART, "the post-renderer returned nothing");
    }
    if (ownerLabels != null && !ownerLabels.isEmpty()) {
      List<GenericKubernetesResource> labelled = new ArrayList<>(out.size());
      for (GenericKubernetesResource o : out) {
        GenericKubernetesResource c = Kube.copy(o);
        Map<String, String> labels =
            c.getMetadata().getLabels() == null
                ? new LinkedHashMap<>()
                : new LinkedHashMap<>(c.getMetadata().getLabels());
        labels.putAll(ownerLabels);
        c.getMetadata().setLabels(labels);
        labelled.add(c);
      }
      out = labelled;
    }
    List<GenericKubernetesResource> original = docs.stream().map(Manifests.Doc::object).toList();
    if (out.equals(original)) {
      StringBuilder text = new StringBuilder();
      docs.forEach(d -> text.append(d.manifestText()));
      return new Result(List.copyOf(out), text.toString());
    }
    Map<String, String> sources = new HashMap<>();
    docs.forEach(d -> sources.put(key(d.object()), d.path()));
    StringBuilder text = new StringBuilder();
    for (GenericKubernetesResource o : out) {
      try {
        String yaml = YAML.writeValueAsString(o).stripTrailing();
        text.append(new Manifests.Doc(sources.getOrDefault(key(o), ""), yaml, o).manifestText());
      } catch (JsonProcessingException e) {
        throw new ReleaseException(
            ReleaseException.Kind.CHART,
            "cannot write the post-rendered manifest: " + e.getMessage(),
            e);
      }
    }
    return new Result(List.copyOf(out), text.toString());
  }

  private static String key(GenericKubernetesResource o) {
    return o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }
}
