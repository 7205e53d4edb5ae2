package io.flotilla.controllers.helmrelease;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.api.flux.helm.HelmReleaseSpec.HelmChartTemplate;
import io.flotilla.api.flux.helm.HelmReleaseSpec.HelmChartTemplateSpec;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.api.fluxconfig.FluxConfig;
import io.flotilla.controllers.runtime.ReconcileException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

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

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      Serialization.jsonMapper();

  private ChartTemplate() {}

  /** The wait {@link #awaitsManagedSource} reports, as Ready=False SourceNotReady. */
  static final String AWAITING_MANAGED_SOURCE =
      "spec.chart.spec.sourceRef is not set yet: with "
          + FluxConfig.USE_MANAGED_SOURCE
          + ": \"true\" the configuration whose Kustomization applied this HelmRelease sets it to"
          + " the configuration's GitRepository";

  /**
   * Whether the chart template waits for its sourceRef. Azure's use-managed-source lets a
   * HelmRelease arrive from Git without one, and the FluxConfig controller writes it right after;
   * until then no HelmChart is written (it would have no source). Any other template without a
   * source kind and name is refused by name, as Flux's schema would refuse it.
   */
  static boolean awaitsManagedSource(HelmRelease hr) throws ReconcileException {
    HelmChartTemplate t = hr.getSpec().chart();
    if (t == null || t.spec() == null) {
      return false;
    }
    var ref = t.spec().sourceRef();
    if (ref != null && !blank(ref.kind()) && !blank(ref.name())) {
      return false;
    }
    Map<String, String> annotations = hr.getMetadata().getAnnotations();
    if (annotations != null && "true".equals(annotations.get(FluxConfig.USE_MANAGED_SOURCE))) {
      return true;
    }
    throw new ReconcileException(
        Reasons.INVALID_CHART_REFERENCE,
        ("spec.chart.spec.sourceRef needs a kind and a name: set it to the HelmRepository,"
                + " GitRepository or Bucket that holds chart '%s'")
            .formatted(t.spec().chart()),
        true);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

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
   * status.helmChart}; deletes a stale one first. Applies only when the watched copy ({@code live})
   * differs, so that a reconcile without a change writes nothing; returns that copy when it was
   * already up to date (its status is then as fresh as the watch), the chart as the apply returned
   * it when it was applied now, empty when no chart is generated.
   */
  static Optional<GenericKubernetesResource> reconcile(
      KubernetesClient client,
      HelmRelease hr,
      StatusModel status,
      Function<ResourceID, Optional<GenericKubernetesResource>> live) {
    String wanted = wanted(hr);
    if (status.helmChart != null && !status.helmChart.equals(wanted)) {
      delete(client, status.helmChart);
      status.helmChart = null;
    }
    if (wanted == null) {
      return Optional.empty();
    }
    GenericKubernetesResource desired = build(hr);
    Optional<GenericKubernetesResource> current =
        live.apply(
            new ResourceID(desired.getMetadata().getName(), desired.getMetadata().getNamespace()));
    status.helmChart = wanted;
    if (current.isPresent() && upToDate(current.get(), desired)) {
      return current;
    }
    // the apply answers with the chart as stored (its status too), as good as a GET after it
    return Optional.ofNullable(
        client
            .genericKubernetesResources(HELM_CHARTS)
            .inNamespace(sourceNamespace(hr))
            .resource(desired)
            .fieldManager(HelmRelease.FIELD_MANAGER)
            .forceConflicts()
            .serverSideApply());
  }

  /**
   * Whether applying {@code desired} would change nothing: the spec fields, labels and annotations
   * this controller owns by Apply (its managed fields) are exactly the desired ones, with the
   * desired values. Fields others own or the API server defaulted ({@code reconcileStrategy}) do
   * not count, as they do not for server-side apply. A HelmChart without our entry is applied.
   */
  @SuppressWarnings("unchecked")
  static boolean upToDate(GenericKubernetesResource live, GenericKubernetesResource desired) {
    Map<String, Object> owned = null;
    for (ManagedFieldsEntry e : live.getMetadata().getManagedFields()) {
      if (HelmRelease.FIELD_MANAGER.equals(e.getManager())
          && "Apply".equals(e.getOperation())
          && e.getSubresource() == null) {
        owned = e.getFieldsV1() == null ? Map.of() : e.getFieldsV1().getAdditionalProperties();
      }
    }
    if (owned == null) {
      return false;
    }
    Map<?, ?> ownedMeta = owned.get("f:metadata") instanceof Map<?, ?> m ? m : Map.of();
    return sameOwned(
            owned.get("f:spec"),
            JSON.convertValue(desired.getAdditionalProperties().get("spec"), Map.class),
            live.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec
                ? (Map<String, Object>) spec
                : Map.of())
        && sameOwned(
            ownedMeta.get("f:labels"),
            desired.getMetadata().getLabels(),
            live.getMetadata().getLabels())
        && sameOwned(
            ownedMeta.get("f:annotations"),
            desired.getMetadata().getAnnotations(),
            live.getMetadata().getAnnotations());
  }

  /** Owned keys ({@code "f:<key>"}) are the desired keys, and live has the desired values. */
  private static boolean sameOwned(Object ownedKeys, Map<String, ?> desired, Map<String, ?> live) {
    Map<String, ?> want = desired == null ? Map.of() : desired;
    Set<String> owned = new HashSet<>();
    if (ownedKeys instanceof Map<?, ?> m) {
      m.keySet().forEach(k -> owned.add(String.valueOf(k).substring(2)));
    }
    if (!owned.equals(want.keySet())) {
      return false;
    }
    Map<String, ?> have = live == null ? Map.of() : live;
    return want.entrySet().stream()
        .allMatch(e -> Objects.equals(e.getValue(), have.get(e.getKey())));
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
