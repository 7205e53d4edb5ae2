package io.flotilla.controllers.helmrelease;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.api.flux.helm.HelmReleaseSpec.HelmChartTemplate;
import io.flotilla.api.flux.helm.HelmReleaseSpec.HelmChartTemplateSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HelmChart generated from {@code spec.chart}: {@code <hrNamespace>-<hrName>} in the
 * sourceRef's namespace, its spec mirroring {@code chart.spec} and its labels and annotations
 * {@code chart.metadata}, applied with server-side apply as {@code helm-controller}. A HelmChart
 * this object generated earlier under another name (the sourceRef moved) or no longer needs (it now
 * uses {@code chartRef}) is deleted. HelmChart is read untyped, so this does not depend on the
 * HelmChart API type.
 */
final class ChartTemplate {
  static final ResourceDefinitionContext HELM_CHARTS =
      new ResourceDefinitionContext.Builder()
          .withGroup("source.toolkit.fluxcd.io")
          .withVersion("v1")
          .withKind("HelmChart")
          .withPlural("helmcharts")
          .withNamespaced(true)
          .build();

  private ChartTemplate() {}

  /** {@code namespace/name} of the HelmChart {@code spec.chart} asks for, or null. */
  static String wanted(HelmRelease hr) {
    HelmChartTemplate t = hr.getSpec().chart();
    if (t == null || t.spec() == null) {
      return null;
    }
    return sourceNamespace(hr) + "/" + ReleaseNames.helmChartName(hr);
  }

  static String sourceNamespace(HelmRelease hr) {
    var ref = hr.getSpec().chart().spec().sourceRef();
    String ns = ref == null ? null : ref.namespace();
    return ns == null || ns.isEmpty() ? hr.getMetadata().getNamespace() : ns;
  }

  /**
   * Brings the generated HelmChart in line with the spec and records it in {@code
   * status.helmChart}; deletes a stale one first.
   */
  static void reconcile(KubernetesClient client, HelmRelease hr, StatusModel status) {
    String wanted = wanted(hr);
    if (status.helmChart != null && !status.helmChart.equals(wanted)) {
      delete(client, status.helmChart);
      status.helmChart = null;
    }
    if (wanted == null) {
      return;
    }
    client
        .genericKubernetesResources(HELM_CHARTS)
        .inNamespace(sourceNamespace(hr))
        .resource(build(hr))
        .fieldManager(HelmRelease.FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
    status.helmChart = wanted;
  }

  /** Deletes the HelmChart recorded in the status (the object goes away); gone is fine. */
  static void delete(KubernetesClient client, String namespacedName) {
    int slash = namespacedName.indexOf('/');
    try {
      client
          .genericKubernetesResources(HELM_CHARTS)
          .inNamespace(namespacedName.substring(0, slash))
          .withName(namespacedName.substring(slash + 1))
          .delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  static GenericKubernetesResource build(HelmRelease hr) {
    HelmChartTemplate t = hr.getSpec().chart();
    HelmChartTemplateSpec s = t.spec();
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("chart", s.chart());
    if (s.version() != null) {
      spec.put("version", s.version());
    }
    Map<String, Object> sourceRef = new LinkedHashMap<>();
    if (s.sourceRef() != null) {
      if (s.sourceRef().apiVersion() != null) {
        sourceRef.put("apiVersion", s.sourceRef().apiVersion());
      }
      sourceRef.put("kind", s.sourceRef().kind());
      sourceRef.put("name", s.sourceRef().name());
    }
    spec.put("sourceRef", sourceRef);
    spec.put("interval", s.interval() != null ? s.interval() : hr.getSpec().interval());
    if (s.reconcileStrategy() != null) {
      spec.put("reconcileStrategy", s.reconcileStrategy());
    }
    if (s.valuesFiles() != null && !s.valuesFiles().isEmpty()) {
      spec.put("valuesFiles", s.valuesFiles());
    }
    if (s.ignoreMissingValuesFiles() != null) {
      spec.put("ignoreMissingValuesFiles", s.ignoreMissingValuesFiles());
    }
    if (s.verify() != null && !s.verify().isNull()) {
      spec.put("verify", s.verify());
    }
    GenericKubernetesResource chart = new GenericKubernetesResource();
    chart.setApiVersion("source.toolkit.fluxcd.io/v1");
    chart.setKind("HelmChart");
    chart.setMetadata(
        new ObjectMetaBuilder()
            .withName(ReleaseNames.helmChartName(hr))
            .withNamespace(sourceNamespace(hr))
            .withLabels(t.metadata() == null ? null : t.metadata().labels())
            .withAnnotations(t.metadata() == null ? null : t.metadata().annotations())
            .build());
    chart.setAdditionalProperty("spec", spec);
    return chart;
  }
}
