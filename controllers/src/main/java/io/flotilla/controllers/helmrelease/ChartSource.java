package io.flotilla.controllers.helmrelease;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.api.flux.helm.HelmReleaseSpec.CrossNamespaceSourceReference;
import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.source.HelmChartStatus;
import io.flotilla.api.flux.source.OCIRepository;
import io.flotilla.api.flux.source.SourceStatus;
import io.flotilla.controllers.runtime.Conditions;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The source of a HelmRelease's chart: the generated HelmChart ({@code status.helmChart}), or
 * {@code chartRef}'s HelmChart or OCIRepository, with helm-controller's checks: cross-namespace
 * references refused under multi-tenancy, and the source ready for its current generation with an
 * artifact.
 */
final class ChartSource {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A source with its artifact; {@code oci} when the chart revision carries the OCI digest. */
  record Resolved(String kind, String namespace, String name, Artifact artifact, boolean oci) {}

  /** Why there is no usable source yet. */
  static final class Unavailable extends Exception {
    enum Why {
      ACCESS_DENIED,
      NOT_FOUND,
      NOT_READY,
      INVALID
    }

    final Why why;

    Unavailable(Why why, String message) {
      super(message);
      this.why = why;
    }
  }

  private ChartSource() {}

  /**
   * @param generated the generated HelmChart as watched, when {@link ChartTemplate} found it up to
   *     date (read instead of the API); empty to read it
   */
  static Resolved resolve(
      KubernetesClient client,
      HelmRelease hr,
      boolean noCrossNamespaceRefs,
      Optional<GenericKubernetesResource> generated)
      throws Unavailable {
    String kind;
    String ns;
    String name;
    CrossNamespaceSourceReference ref = hr.getSpec().chartRef();
    if (ref != null) {
      kind = ref.kind();
      ns =
          ref.namespace() == null || ref.namespace().isEmpty()
              ? hr.getMetadata().getNamespace()
              : ref.namespace();
      name = ref.name();
    } else {
      String chart = ChartTemplate.wanted(hr);
      if (chart == null) {
        throw new Unavailable(Unavailable.Why.INVALID, "invalid Chart reference");
      }
      kind = "HelmChart";
      ns = chart.substring(0, chart.indexOf('/'));
      name = chart.substring(chart.indexOf('/') + 1);
    }
    allowsAccessTo(hr, kind, ns, name, noCrossNamespaceRefs);
    return switch (kind == null ? "" : kind) {
      case "HelmChart" -> helmChart(client, ns, name, ref == null ? generated : Optional.empty());
      case OCIRepository.KIND -> ociRepository(client, ns, name);
      default ->
          throw new Unavailable(
              Unavailable.Why.INVALID,
              "unsupported chartRef kind '" + kind + "': use OCIRepository or HelmChart");
    };
  }

  /** helm-controller's acl check, with its wording: a source in another namespace is refused. */
  static void allowsAccessTo(
      HelmRelease hr, String kind, String ns, String name, boolean noCrossNamespaceRefs)
      throws Unavailable {
    if (noCrossNamespaceRefs && !ns.equals(hr.getMetadata().getNamespace())) {
      throw new Unavailable(
          Unavailable.Why.ACCESS_DENIED,
          "cross-namespace references are not allowed: cannot access %s %s/%s"
              .formatted(kind, ns, name));
    }
  }

  private static Resolved helmChart(
      KubernetesClient client, String ns, String name, Optional<GenericKubernetesResource> known)
      throws Unavailable {
    GenericKubernetesResource chart =
        known.orElseGet(
            () ->
                client
                    .genericKubernetesResources(ChartTemplate.HELM_CHARTS)
                    .inNamespace(ns)
                    .withName(name)
                    .get());
    if (chart == null) {
      throw new Unavailable(
          Unavailable.Why.NOT_FOUND,
          "helmcharts.source.toolkit.fluxcd.io \"" + name + "\" not found");
    }
    Object statusRaw = chart.getAdditionalProperties().get("status");
    HelmChartStatus status =
        statusRaw == null ? null : JSON.convertValue(statusRaw, HelmChartStatus.class);
    Artifact artifact =
        checkReady("HelmChart", ns, name, chart.getMetadata().getGeneration(), status);
    return new Resolved("HelmChart", ns, name, artifact, false);
  }

  private static Resolved ociRepository(KubernetesClient client, String ns, String name)
      throws Unavailable {
    OCIRepository repo = client.resources(OCIRepository.class).inNamespace(ns).withName(name).get();
    if (repo == null) {
      throw new Unavailable(
          Unavailable.Why.NOT_FOUND,
          "ocirepositories.source.toolkit.fluxcd.io \"" + name + "\" not found");
    }
    Artifact artifact =
        checkReady(
            OCIRepository.KIND, ns, name, repo.getMetadata().getGeneration(), repo.getStatus());
    return new Resolved(OCIRepository.KIND, ns, name, artifact, true);
  }

  /**
   * helm-controller's isReady: current generation observed, not stalled, an artifact; returns the
   * artifact.
   */
  static Artifact checkReady(
      String kind, String ns, String name, Long generation, SourceStatus status)
      throws Unavailable {
    Long observed = status == null ? null : status.observedGeneration();
    List<Condition> conditions = status == null ? null : status.conditions();
    Artifact artifact = status == null ? null : status.artifact();
    String prefix = "%s '%s/%s' is not ready: ".formatted(kind, ns, name);
    if (!Objects.equals(generation, observed)) {
      String msg = "latest generation of object has not been reconciled";
      var ready = Conditions.find(conditions, ConditionTypes.READY);
      if (ready.isPresent() && Condition.FALSE.equals(ready.get().status())) {
        msg = ready.get().message();
      }
      throw new Unavailable(Unavailable.Why.NOT_READY, prefix + msg);
    }
    var stalled = Conditions.find(conditions, ConditionTypes.STALLED);
    if (stalled.isPresent() && stalled.get().isTrue()) {
      throw new Unavailable(Unavailable.Why.NOT_READY, prefix + stalled.get().message());
    }
    if (artifact == null) {
      throw new Unavailable(Unavailable.Why.NOT_READY, prefix + "does not have an artifact");
    }
    return artifact;
  }

  /**
   * helm-controller's chart revision for an OCI source: the chart version with the first 12
   * characters of the artifact digest as build metadata ({@code 1.2.3+0123456789ab}); the digest
   * goes to {@code lastAttemptedRevisionDigest}.
   */
  static String ociVersion(String chartVersion, String revision) throws Unavailable {
    String digest = revision;
    if (revision.contains("@")) {
      String[] parts = revision.split("@", 2);
      String tag = parts[0].replace('_', '+');
      if (!stripBuild(tag).equals(stripBuild(chartVersion))) {
        throw new Unavailable(
            Unavailable.Why.INVALID,
            "artifact revision " + parts[0] + " does not match chart version " + chartVersion);
      }
      digest = parts[1];
    }
    int colon = digest.indexOf(':');
    if (colon < 0 || digest.length() - colon - 1 < 12) {
      throw new Unavailable(Unavailable.Why.INVALID, "invalid artifact revision " + revision);
    }
    return stripBuild(chartVersion) + "+" + digest.substring(colon + 1, colon + 13);
  }

  static String ociDigest(String revision) {
    return revision.contains("@") ? revision.substring(revision.indexOf('@') + 1) : revision;
  }

  private static String stripBuild(String v) {
    int plus = v.indexOf('+');
    return plus < 0 ? v : v.substring(0, plus);
  }
}
