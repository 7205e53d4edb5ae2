package io.flotilla.controllers.fluxconfig;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.flotilla.api.arm.ComplianceState;
import io.flotilla.api.arm.ObjectStatusDefinition;
import io.flotilla.api.arm.ObjectStatusDefinition.HelmReleasePropertiesDefinition;
import io.flotilla.api.arm.ObjectStatusDefinition.ObjectReferenceDefinition;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.meta.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The Flux objects a configuration's Kustomizations applied (found in their inventories), reported
 * in {@code statuses} with {@code appliedBy} as Azure does, and counted in the compliance.
 */
final class AppliedObjects {
  static final Set<String> FLUX_GROUPS =
      Set.of(
          "source.toolkit.fluxcd.io",
          "kustomize.toolkit.fluxcd.io",
          "helm.toolkit.fluxcd.io",
          "notification.toolkit.fluxcd.io");

  /** Kinds without a status in their served version (v1beta3): there once they exist. */
  private static final Set<String> STATUSLESS = Set.of("Provider", "Alert");

  private AppliedObjects() {}

  /** One inventory entry: {@code <namespace>_<name>_<group>_<kind>} and its version. */
  record Ref(String namespace, String name, String group, String kind, String version) {
    String apiVersion() {
      return group.isEmpty() ? version : group + "/" + version;
    }
  }

  /** A Flux object's entry, or empty for anything else or an id that does not parse. */
  static Optional<Ref> parse(String id, String version) {
    if (id == null) {
      return Optional.empty();
    }
    String[] parts = id.split("_", -1);
    if (parts.length != 4 || !FLUX_GROUPS.contains(parts[2]) || parts[1].isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Ref(parts[0], parts[1], parts[2], parts[3], version));
  }

  /** The Flux objects in {@code ks}'s inventory. */
  static List<Ref> of(Kustomization ks) {
    var st = ks.getStatus();
    if (st == null || st.inventory() == null || st.inventory().entries() == null) {
      return List.of();
    }
    List<Ref> out = new ArrayList<>();
    for (var e : st.inventory().entries()) {
      parse(e.id(), e.v()).ifPresent(out::add);
    }
    return out;
  }

  /**
   * The HelmChart that helm-controller generated for an applied HelmRelease ({@code
   * status.helmChart}, {@code <namespace>/<name>}), reported with the same appliedBy as Azure lists
   * HelmCharts among a configuration's objects; empty for other kinds or before it exists.
   */
  static Optional<Ref> generatedChart(GenericKubernetesResource object) {
    if (!"HelmRelease".equals(object.getKind())) {
      return Optional.empty();
    }
    Object ref = map(object.getAdditionalProperties().get("status")).get("helmChart");
    if (!(ref instanceof String s) || s.indexOf('/') <= 0 || s.endsWith("/")) {
      return Optional.empty();
    }
    int slash = s.indexOf('/');
    return Optional.of(
        new Ref(
            s.substring(0, slash),
            s.substring(slash + 1),
            "source.toolkit.fluxcd.io",
            "HelmChart",
            "v1"));
  }

  /**
   * The status entry of an applied object; {@code conditions} turns the object's raw conditions
   * into typed ones.
   */
  static ObjectStatusDefinition status(
      GenericKubernetesResource object,
      Kustomization appliedBy,
      boolean configSuspended,
      Function<Object, List<Condition>> conditions) {
    Map<String, Object> spec = map(object.getAdditionalProperties().get("spec"));
    Map<String, Object> status = map(object.getAdditionalProperties().get("status"));
    List<Condition> conds = conditions.apply(status.get("conditions"));
    boolean suspended = configSuspended || Boolean.TRUE.equals(spec.get("suspend"));
    boolean statusless =
        STATUSLESS.contains(object.getKind())
            && object.getApiVersion() != null
            && object.getApiVersion().startsWith("notification.toolkit.fluxcd.io/")
            && conds.isEmpty();
    String state =
        statusless
            ? (suspended ? ComplianceState.SUSPENDED : ComplianceState.COMPLIANT)
            : Compliance.ofObject(
                suspended,
                object.getMetadata().getGeneration(),
                number(status.get("observedGeneration")),
                conds);
    return new ObjectStatusDefinition(
        object.getMetadata().getName(),
        object.getMetadata().getNamespace(),
        object.getKind(),
        state,
        new ObjectReferenceDefinition(
            appliedBy.getMetadata().getName(), appliedBy.getMetadata().getNamespace()),
        conds.stream()
            .map(
                c ->
                    new ObjectStatusDefinition.ObjectStatusConditionDefinition(
                        c.lastTransitionTime(), c.message(), c.reason(), c.status(), c.type()))
            .toList(),
        "HelmRelease".equals(object.getKind()) ? helmRelease(status) : null);
  }

  /**
   * Azure's helmReleaseProperties from a HelmRelease's status: the Helm release revision of the
   * latest history entry ({@code lastReleaseRevision} in older versions), the HelmChart it uses,
   * and its failure counters.
   */
  static HelmReleasePropertiesDefinition helmRelease(Map<String, Object> status) {
    Long revision = null;
    if (status.get("history") instanceof List<?> history && !history.isEmpty()) {
      revision = number(map(history.get(0)).get("version"));
    }
    if (revision == null) {
      revision = number(status.get("lastReleaseRevision"));
    }
    ObjectReferenceDefinition chart = null;
    if (status.get("helmChart") instanceof String ref && !ref.isEmpty()) {
      int slash = ref.indexOf('/');
      chart =
          slash < 0
              ? new ObjectReferenceDefinition(ref, null)
              : new ObjectReferenceDefinition(ref.substring(slash + 1), ref.substring(0, slash));
    }
    return new HelmReleasePropertiesDefinition(
        revision,
        chart,
        number(status.get("failures")),
        number(status.get("installFailures")),
        number(status.get("upgradeFailures")));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static Long number(Object o) {
    return o instanceof Number n ? n.longValue() : null;
  }
}
