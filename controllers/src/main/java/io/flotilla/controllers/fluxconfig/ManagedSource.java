package io.flotilla.controllers.fluxconfig;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.api.flux.helm.HelmReleaseSpec.CrossNamespaceObjectReference;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.fluxconfig.FluxConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code clusterconfig.azure.com/use-managed-source: "true"} on a HelmRelease that one of the
 * configuration's Kustomizations applied points its {@code spec.chart.spec.sourceRef} at the
 * configuration's GitRepository, as Azure's fluxconfig-controller does; the rest of the chart
 * template (its {@code chart} path, version, valuesFiles) stays as written in Git.
 *
 * <p>The patch is a server-side apply of {@code sourceRef} alone with this controller's own field
 * manager, so the kustomize-controller, which re-applies the HelmRelease from Git without a
 * sourceRef, neither removes it (it never owned it) nor conflicts with it.
 */
final class ManagedSource {
  static final String ANNOTATION = FluxConfig.USE_MANAGED_SOURCE;
  static final String FIELD_MANAGER = FluxConfigReconciler.FIELD_MANAGER;

  private ManagedSource() {}

  /** The reference an annotated HelmRelease of {@code config} gets. */
  static CrossNamespaceObjectReference sourceRef(FluxConfig config) {
    return new CrossNamespaceObjectReference(
        null,
        GitRepository.KIND,
        config.getMetadata().getName(),
        config.getMetadata().getNamespace());
  }

  /**
   * The apply patches for the {@code releases} that need one: annotated, applied by one of {@code
   * kustomizations} (names in the configuration's namespace), using a chart template (not {@code
   * chartRef}), and not yet pointing at the configuration's GitRepository.
   */
  static List<GenericKubernetesResource> patches(
      FluxConfig config, Set<String> kustomizations, List<HelmRelease> releases) {
    String ns = config.getMetadata().getNamespace();
    CrossNamespaceObjectReference want = sourceRef(config);
    List<GenericKubernetesResource> out = new ArrayList<>();
    for (HelmRelease hr : releases) {
      var meta = hr.getMetadata();
      Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
      Map<String, String> annotations =
          meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
      if (!"true".equals(annotations.get(ANNOTATION))
          || !ns.equals(labels.get(Kustomization.NAMESPACE_LABEL))
          || !kustomizations.contains(labels.get(Kustomization.NAME_LABEL))
          || hr.getSpec() == null
          || hr.getSpec().chartRef() != null) {
        continue;
      }
      var chart = hr.getSpec().chart();
      var current = chart == null || chart.spec() == null ? null : chart.spec().sourceRef();
      if (current != null
          && want.kind().equals(current.kind())
          && want.name().equals(current.name())
          && Objects.equals(
              want.namespace(),
              current.namespace() == null ? meta.getNamespace() : current.namespace())) {
        continue;
      }
      out.add(patch(meta.getName(), meta.getNamespace(), want));
    }
    return out;
  }

  /** Just {@code spec.chart.spec.sourceRef}: all this manager claims of the HelmRelease. */
  static GenericKubernetesResource patch(
      String name, String namespace, CrossNamespaceObjectReference ref) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(HelmRelease.API_VERSION)
        .withKind(HelmRelease.KIND)
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .addToAdditionalProperties(
            "spec", Map.of("chart", Map.of("spec", Map.of("sourceRef", sourceRefMap(ref)))))
        .build();
  }

  private static Map<String, Object> sourceRefMap(CrossNamespaceObjectReference ref) {
    Map<String, Object> out = new LinkedHashMap<>(); // in Flux's field order
    out.put("kind", ref.kind());
    out.put("name", ref.name());
    out.put("namespace", ref.namespace());
    return out;
  }

  /**
   * Points the configuration's annotated HelmReleases at its GitRepository; a no-op for other
   * source kinds, which Azure does not support here either.
   */
  static void apply(KubernetesClient client, FluxConfig config, Set<String> kustomizations) {
    if (kustomizations.isEmpty()
        || !GitRepository.KIND.equals(FluxObjects.fluxSourceKind(config))) {
      return;
    }
    List<HelmRelease> releases;
    try {
      releases =
          client
              .resources(HelmRelease.class)
              .inAnyNamespace()
              .withLabel(Kustomization.NAMESPACE_LABEL, config.getMetadata().getNamespace())
              .withLabelIn(Kustomization.NAME_LABEL, kustomizations.toArray(String[]::new))
              .list()
              .getItems();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return; // no HelmRelease kind in this cluster, so nothing to point
      }
      throw e;
    }
    for (GenericKubernetesResource patch : patches(config, kustomizations, releases)) {
      // forced: a sourceRef written in Git and taken over is still ours to set
      client.resource(patch).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    }
  }
}
